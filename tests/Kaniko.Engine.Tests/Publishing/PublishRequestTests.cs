using System.Text;
using System.Text.Json;
using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Kaniko.Engine.Publishing;
using Kaniko.Engine.Server;

namespace Kaniko.Engine.Tests.Publishing;

/// <summary>
/// The publish request is one type: the build server receives it as it is, the fingerprint hashes
/// it as it is, and the engine's build request is made from it in one place.
/// </summary>
[TestClass]
public sealed class PublishRequestTests
{
    [TestMethod]
    public void Json_RoundTripsEveryField()
    {
        var request = Full("/publish");

        var json = request.ToJson();
        var back = PublishRequest.FromJson(json)!;

        AssertEveryFieldIsSet(request);
        CollectionAssert.AreEqual(json, back.ToJson(), Encoding.UTF8.GetString(json));
        Assert.AreEqual(new Platform("linux", "arm64", "v8"), back.Platform);
        Assert.AreEqual(ImageFormat.Oci, back.ImageFormat);
    }

    [TestMethod]
    public void BuildServer_ReceivesTheRequestAsItsOwnJson()
    {
        var request = Full("/publish");

        var line = JsonSerializer.SerializeToUtf8Bytes(new ServerRequest { Build = request }, BuildServerJsonContext.Default.ServerRequest);

        using var sent = JsonDocument.Parse(line);
        using var own = JsonDocument.Parse(request.ToJson());
        Assert.AreEqual(own.RootElement.GetRawText(), sent.RootElement.GetProperty("Build").GetRawText());
    }

    [TestMethod]
    public void ToBuildRequest_CarriesEveryField()
    {
        var request = Full("/publish");

        var build = request.ToBuildRequest();

        Assert.AreEqual((request.ContextDirectory, request.DockerfilePath), (build.ContextDirectory, build.DockerfilePath));
        CollectionAssert.AreEqual(request.Destinations.ToList(), build.Destinations.ToList());
        Assert.AreEqual((request.NoPush, request.OciLayoutPath, request.TarPath), (build.NoPush, build.OciLayoutPath, build.TarPath));
        Assert.IsTrue(build.InsecureRegistries.Contains("LOCALHOST:5000"), "registry names are compared case-insensitively");
        Assert.AreEqual("mirror.example.com", build.Registries.RegistryMaps["INDEX.DOCKER.IO"]);
        CollectionAssert.AreEquivalent(request.BuildArguments.ToList(), build.BuildArguments.ToList());
        Assert.AreEqual((request.ImageFormat, request.Platform, request.Reproducible), (build.ImageFormat, build.Platform, build.Reproducible));
        Assert.AreEqual((request.CacheDirectory, request.Cache, request.CacheRepository), (build.CacheDirectory, build.Cache.Enabled, build.Cache.Repository));
    }

    /// <summary>A request with every field away from its default, so a field the JSON dropped would show.</summary>
    internal static PublishRequest Full(string context) => new()
    {
        ContextDirectory = context,
        DockerfilePath = Path.Combine(context, "Dockerfile"),
        Destinations = ["registry.example.com/app:1.0", "registry.example.com/app:latest"],
        NoPush = true,
        OciLayoutPath = "/out/oci",
        TarPath = "/out/app.tar.gz",
        InsecureRegistries = ["localhost:5000"],
        RegistryMaps = new Dictionary<string, string> { ["index.docker.io"] = "mirror.example.com" },
        BuildArguments = new Dictionary<string, string?> { ["VERSION"] = "1.0", ["FROM_ENVIRONMENT"] = null },
        ImageFormat = ImageFormat.Oci,
        Platform = new Platform("linux", "arm64", "v8"),
        Reproducible = true,
        CacheDirectory = "/cache",
        Cache = true,
        CacheRepository = "registry.example.com/app/cache",
    };

    private static void AssertEveryFieldIsSet(PublishRequest request)
    {
        var defaults = new PublishRequest { ContextDirectory = "", DockerfilePath = "" };
        foreach (var property in typeof(PublishRequest).GetProperties())
        {
            var value = JsonSerializer.Serialize(property.GetValue(request));
            Assert.AreNotEqual(JsonSerializer.Serialize(property.GetValue(defaults)), value, $"{property.Name} keeps its default in Full: set it, so the tests see it travel");
        }
    }
}
