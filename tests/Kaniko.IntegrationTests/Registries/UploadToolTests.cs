using System.Security.Cryptography;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Registries;

/// <summary>How the tool uploads: chunks where a proxy limits request bodies, each blob once for several destinations.</summary>
[TestClass]
public sealed class UploadToolTests
{
    private const long BodyLimit = 300_000;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Build_ThroughABodyLimit_ToTwoRepositories_UploadsInChunks_AndEachBlobOnce()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(RejectBodiesLargerThan: BodyLimit));
        using var temp = TemporaryDirectory.Create("chunks");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllBytes(Path.Combine(context, "random.bin"), RandomNumberGenerator.GetBytes(1_000_000));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {proxy.Host}/busybox:latest\nCOPY random.bin /random.bin\n");

        var build = await ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "--context", context, "--destination", $"{proxy.Host}/app/one:1", "--destination", $"{proxy.Host}/app/two:1"],
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(5),
            cancellationToken: ct);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var requests = proxy.Requests;
        var log = string.Join("\n", requests);
        Assert.IsTrue(requests.Any(r => r.Fault == "413"), log);
        var stored = requests.Where(r => r.Method is "PUT" or "PATCH" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal) && r.Fault == "none" && r.ContentLength > 0).ToList();
        Assert.IsTrue(stored.All(r => r.ContentLength <= BodyLimit), log);
        Assert.IsFalse(stored.Any(r => r.PathAndQuery.StartsWith("/v2/app/two/", StringComparison.Ordinal)), "the second repository mounts, uploads nothing\n" + log);
        Assert.IsTrue(requests.Any(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/v2/app/two/", StringComparison.Ordinal) && r.PathAndQuery.Contains("from=app%2Fone", StringComparison.Ordinal)), log);
        foreach (var pushed in new[] { "app/one:1", "app/two:1" })
        {
            await Skopeo.CopyToOciLayoutAsync(registry, pushed, temp.Combine("copied"), pushed.Replace('/', '-').Replace(':', '-'), ct);
        }
    }
}
