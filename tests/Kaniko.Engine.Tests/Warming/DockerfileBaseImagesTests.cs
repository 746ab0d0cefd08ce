using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Warming;

namespace Kaniko.Engine.Tests.Warming;

[TestClass]
public sealed class DockerfileBaseImagesTests
{
    [TestMethod]
    // Registry images only: stages, scratch, oci: and docker-archive: are no registry images.
    [DataRow("FROM alpine:3", "", "alpine:3")]
    [DataRow("FROM alpine AS base\nFROM base\nFROM scratch", "", "alpine")]
    [DataRow("FROM oci:/layouts/x:1\nFROM docker-archive:/x.tar\nFROM SCRATCH", "", "")]
    [DataRow("ARG V=3\nFROM alpine:$V\nFROM debian:${V}", "V=4", "alpine:4 | debian:4")]
    [DataRow("ARG REG=registry.invalid\nFROM $REG/app:1", "REG=quay.io", "quay.io/app:1")]
    [DataRow("FROM a\nFROM scratch\nCOPY --from=nginx:1 /n /n\nCOPY --from=0 /a /a", "", "a | nginx:1")]
    [DataRow("FROM a\nRUN --mount=type=bind,from=tools:2,target=/t t", "", "a | tools:2")]
    [DataRow("FROM a AS one\nFROM a AS two", "", "a")]
    public void Find_ListsTheRegistryImagesOnce(string text, string buildArgs, string expected)
    {
        using var folder = new TestFolder();
        var dockerfile = folder.WriteFile("Dockerfile", text);
        var arguments = buildArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);

        var images = DockerfileBaseImages.Find(dockerfile, arguments, "linux/amd64");

        Assert.AreEqual(expected, string.Join(" | ", images.Select(i => i.Image)));
    }

    [TestMethod]
    public void Find_KeepsTheFromPlatform()
    {
        using var folder = new TestFolder();
        var dockerfile = folder.WriteFile("Dockerfile", "FROM --platform=linux/arm64 a\nFROM --platform=$TARGETPLATFORM b\nFROM c");

        var images = DockerfileBaseImages.Find(dockerfile, new Dictionary<string, string?>(), "linux/s390x");

        Assert.AreEqual("a linux/arm64 | b linux/s390x | c -", string.Join(" | ", images.Select(i => $"{i.Image} {i.Platform ?? "-"}")));
    }

    [TestMethod]
    public void Find_MissingDockerfile_IsKaniko4709()
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => DockerfileBaseImages.Find("/no/such/Dockerfile", new Dictionary<string, string?>(), "linux/amd64"));

        Assert.AreEqual(BaseImageCacheErrorCode.DockerfileMissing, error.Code);
        StringAssert.Contains(error.Message, "/no/such/Dockerfile");
    }
}
