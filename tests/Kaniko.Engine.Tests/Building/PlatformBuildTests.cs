using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Building;

[TestClass]
public sealed class PlatformBuildTests
{
    [TestMethod]
    public async Task Build_CustomPlatform_IsTheImagesPlatform_AndTargetPlatformArgs()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nARG TARGETARCH\nARG TARGETPLATFORM\nLABEL arch=$TARGETARCH platform=$TARGETPLATFORM\n");
        var arm64 = Platform.Parse("linux/arm64");

        await new ImageBuilder(NullLogger.Instance).BuildAsync(new BuildRequest
        {
            ContextDirectory = folder.Combine("context"),
            NoPush = true,
            OciLayoutPath = folder.Combine("out"),
            Platform = arm64,
        });
        var image = await OciLayoutReader.ReadAsync(folder.Combine("out"), "latest", arm64, CancellationToken.None);

        Assert.AreEqual(("linux", "arm64"), (image.Config.Os, image.Config.Architecture));
        Assert.AreEqual("arm64", image.Config.Config.Labels!["arch"]);
        Assert.AreEqual("linux/arm64", image.Config.Config.Labels!["platform"]);
    }
}
