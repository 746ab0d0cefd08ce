using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>Every output of one build agrees: the registry, the digest files, the docker archive and the OCI layout.</summary>
[TestClass]
public sealed class OutputTests
{

    [TestMethod]
    public async Task Build_EveryOutput_AgreesWithWhatTheRegistryReports()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        using var temp = TemporaryDirectory.Create("outputs");
        var context = WriteContext(temp, $"FROM {registry.Host}/busybox:latest\nCOPY a.txt /a.txt\n");
        string[] destinations = [$"{registry.Host}/out/app:1.0", $"{registry.Host}/out/app:latest", $"{registry.Host}/out/other:2"];

        var build = await KanikoTool.RunAsync(
        [
            "build", "-c", context, .. destinations.SelectMany(d => new[] { "-d", d }),
            "--tar-path", temp.Combine("image.tar"), "--oci-layout-path", temp.Combine("oci"), "--digest-file", temp.Combine("digest"),
            "--image-name-with-digest-file", temp.Combine("names"), "--image-name-tag-with-digest-file", temp.Combine("name-tags"),
            // umoci unpacks OCI manifests only; busybox is Docker schema 2.
            "--image-format", "oci",
        ]);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var digest = File.ReadAllText(temp.Combine("digest"));
        Assert.AreEqual(digest, build.StandardOutput.Trim());
        using var manifest = await Skopeo.InspectAsync(registry, "out/app:1.0", raw: true);
        Assert.AreEqual("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
        foreach (var repository in new[] { "out/app:1.0", "out/app:latest", "out/other:2" })
        {
            using var inspect = await Skopeo.InspectAsync(registry, repository);
            Assert.AreEqual(digest, inspect.RootElement.GetProperty("Digest").GetString(), repository);
        }

        CollectionAssert.AreEqual(
            new[] { $"{registry.Host}/out/app@{digest}", $"{registry.Host}/out/app@{digest}", $"{registry.Host}/out/other@{digest}" },
            File.ReadAllLines(temp.Combine("names")));
        CollectionAssert.AreEqual(destinations.Select(d => $"{d}@{digest}").ToList(), File.ReadAllLines(temp.Combine("name-tags")));

        var fromArchive = temp.Combine("from-archive");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"docker-archive:{temp.Combine("image.tar")}", $"oci:{fromArchive}:x"]);
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{fromArchive}:x", temp.Combine("bundle-archive")]);
        Assert.AreEqual("a", File.ReadAllText(temp.Combine("bundle-archive", "rootfs", "a.txt")));

        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{temp.Combine("oci")}:1.0", temp.Combine("bundle-layout")]);
        Assert.AreEqual("a", File.ReadAllText(temp.Combine("bundle-layout", "rootfs", "a.txt")));
        Assert.IsTrue(File.Exists(temp.Combine("bundle-layout", "rootfs", "bin", "busybox")));
    }

    [TestMethod]
    public async Task Build_NoPush_StillWritesTheDigestTheImageHas()
    {
        var layoutOfBases = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("no-push");
        var context = WriteContext(temp, $"FROM oci:{layoutOfBases}:busybox\nCOPY a.txt /a.txt\n");

        var build = await KanikoTool.RunAsync("build", "-c", context, "-d", "127.0.0.1:1/never:1", "--no-push",
            "--digest-file", temp.Combine("digest"), "--oci-layout-path", temp.Combine("oci"));

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        using var inspect = JsonDocument.Parse((await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{temp.Combine("oci")}:1"])).StandardOutput);
        Assert.AreEqual(inspect.RootElement.GetProperty("Digest").GetString(), File.ReadAllText(temp.Combine("digest")));
    }

    [TestMethod]
    public async Task Build_Reproducible_OnDifferentDaysWithTouchedFiles_GivesTheSameDigest()
    {
        var layoutOfBases = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("reproducible");
        var context = WriteContext(temp, $"FROM oci:{layoutOfBases}:busybox AS build\nCOPY a.txt /src/\nFROM oci:{layoutOfBases}:busybox\nCOPY --from=build /src /app\nADD a.txt /added.txt\n");

        var first = await BuildWithEpochAsync(context, "1700000000");
        foreach (var file in Directory.EnumerateFileSystemEntries(context, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(3));
        }

        var second = await BuildWithEpochAsync(context, "1700000000");
        var otherEpoch = await BuildWithEpochAsync(context, "1800000000");

        Assert.AreEqual(first, second);
        Assert.AreNotEqual(first, otherEpoch, "SOURCE_DATE_EPOCH is the image's created time");
    }

    private static async Task<string> BuildWithEpochAsync(string context, string epoch)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "-c", context, "--no-push", "--tar-path", Path.Combine(context, "..", "out-" + Guid.NewGuid().ToString("N") + ".tar"), "--reproducible"],
            environment: new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch },
            checkExitCode: false);
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        return result.StandardOutput.Trim();
    }

    private static string WriteContext(TemporaryDirectory temp, string dockerfile)
    {
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "a.txt"), "a");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        return context;
    }
}
