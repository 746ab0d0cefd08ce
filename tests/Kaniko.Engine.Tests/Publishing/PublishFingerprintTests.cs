using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Kaniko.Engine.Publishing;

namespace Kaniko.Engine.Tests.Publishing;

[TestClass]
public sealed class PublishFingerprintTests
{
    /// <summary>One change per field of the request; a field missing here fails <see cref="EveryField_HasAChangeHere"/>.</summary>
    private static readonly Dictionary<string, Func<PublishRequest, PublishRequest>> Changes = new()
    {
        [nameof(PublishRequest.ContextDirectory)] = request => request with { ContextDirectory = request.ContextDirectory + "/" },
        [nameof(PublishRequest.DockerfilePath)] = request => request with { DockerfilePath = request.DockerfilePath + ".other" },
        [nameof(PublishRequest.Destinations)] = request => request with { Destinations = [.. request.Destinations.Reverse()] },
        [nameof(PublishRequest.NoPush)] = request => request with { NoPush = !request.NoPush },
        [nameof(PublishRequest.OciLayoutPath)] = request => request with { OciLayoutPath = null },
        [nameof(PublishRequest.TarPath)] = request => request with { TarPath = "/out/other.tar" },
        [nameof(PublishRequest.InsecureRegistries)] = request => request with { InsecureRegistries = [] },
        [nameof(PublishRequest.RegistryMaps)] = request => request with { RegistryMaps = new Dictionary<string, string> { ["index.docker.io"] = "other.example.com" } },
        [nameof(PublishRequest.BuildArguments)] = request => request with { BuildArguments = new Dictionary<string, string?> { ["VERSION"] = "1.1", ["FROM_ENVIRONMENT"] = null } },
        [nameof(PublishRequest.ImageFormat)] = request => request with { ImageFormat = ImageFormat.Docker },
        [nameof(PublishRequest.Platform)] = request => request with { Platform = new Platform("linux", "amd64") },
        [nameof(PublishRequest.Reproducible)] = request => request with { Reproducible = false },
        [nameof(PublishRequest.CacheDirectory)] = request => request with { CacheDirectory = "/other-cache" },
        [nameof(PublishRequest.Cache)] = request => request with { Cache = false },
        [nameof(PublishRequest.CacheRepository)] = request => request with { CacheRepository = null },
    };

    public static IEnumerable<object[]> Fields => Changes.Keys.Select(name => new object[] { name });

    [TestMethod]
    public void SameInputs_GiveTheSameFingerprint_FromEqualButSeparateRequests()
    {
        using var folder = Context();

        var first = PublishFingerprint.Compute(PublishRequestTests.Full(folder.Path));
        var second = PublishFingerprint.Compute(PublishRequestTests.Full(folder.Path));

        Assert.AreEqual(first, second);
        Assert.MatchesRegex("^[0-9a-f]{64}$", first);
    }

    [TestMethod]
    public void EveryField_HasAChangeHere()
    {
        CollectionAssert.AreEquivalent(typeof(PublishRequest).GetProperties().Select(property => property.Name).ToList(), Changes.Keys.ToList());
    }

    [TestMethod]
    [DynamicData(nameof(Fields))]
    public void ChangingAField_ChangesTheFingerprint(string field)
    {
        using var folder = Context();
        var request = PublishRequestTests.Full(folder.Path);

        var changed = Changes[field](request);

        Assert.AreNotEqual(PublishFingerprint.Compute(request), PublishFingerprint.Compute(changed), field);
    }

    [TestMethod]
    [DataRow("app.dll", "a changed file")]
    [DataRow("wwwroot/new.css", "a new file")]
    [DataRow("Dockerfile", "a changed Dockerfile")]
    public void ChangingTheContext_ChangesTheFingerprint(string file, string change)
    {
        using var folder = Context();
        var request = PublishRequestTests.Full(folder.Path);
        var before = PublishFingerprint.Compute(request);

        Directory.CreateDirectory(Path.GetDirectoryName(folder.Combine(file))!);
        File.AppendAllText(folder.Combine(file), "more");

        Assert.AreNotEqual(before, PublishFingerprint.Compute(request), change);
    }

    [TestMethod]
    public void ABuildArgumentFromTheEnvironment_CountsByItsValue_WhichNeverAppearsInTheFingerprint()
    {
        using var folder = Context();
        var name = "KANIKO_FINGERPRINT_TEST_" + Guid.NewGuid().ToString("N");
        var request = PublishRequestTests.Full(folder.Path) with { BuildArguments = new Dictionary<string, string?> { [name] = null } };
        try
        {
            Environment.SetEnvironmentVariable(name, "s3cret-one");
            var first = PublishFingerprint.Compute(request);
            Environment.SetEnvironmentVariable(name, "s3cret-two");
            var second = PublishFingerprint.Compute(request);

            Assert.AreNotEqual(first, second);
            Assert.IsFalse(first.Contains("s3cret", StringComparison.Ordinal) || second.Contains("s3cret", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private static TestFolder Context()
    {
        var folder = new TestFolder();
        folder.WriteFile("Dockerfile", "FROM scratch\nCOPY . /app/\n");
        folder.WriteFile("app.dll", "app");
        return folder;
    }
}
