using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// The independent oracle for the asset expectations: builds the same testassets/Dockerfiles folders
/// with Debian's buildah (chroot isolation, its own storage in a temporary folder), pushes to the test
/// registry and checks that the files differing from the base image are exactly expected.txt's, and
/// that its config checks hold, apart from the per-asset exceptions in buildah.txt.
/// </summary>
[TestClass]
public sealed class BuildahOracleTests
{
    // History entries are each builder's own wording (BuildKit's "# buildkit", buildah's "#(nop)"), not image content.
    private const string HistoryPrefix = "history.";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> BuildableAssets => AssetEnvironment.AssetNames.Where(row => !IsSkipped(row));

    public static IEnumerable<object[]> SkippedAssets => AssetEnvironment.AssetNames.Where(IsSkipped);

    [TestMethod]
    [DynamicData(nameof(BuildableAssets))]
    public async Task BuildWithBuildah_TestAsset_GivesTheExpectedFilesAndConfig(string name)
    {
        var environment = await AssetEnvironment.SharedAsync();
        var asset = AssetEnvironment.Load(name);
        var exceptions = BuildahExceptions.Load(asset);
        using var temp = TemporaryDirectory.Create("buildah-" + name);
        var repository = $"oracle/{name}:1";

        var build = await BuildAsync(environment, asset, temp, repository);
        Assert.AreEqual(0, build.ExitCode, build.StandardError + build.StandardOutput);
        await ProcessRunner.RunAsync(
            "buildah",
            [.. Storage(temp), "push", "--tls-verify=false", "localhost/" + repository, $"docker://{environment.Registry.Host}/{repository}"],
            timeout: BuildTimeout,
            cancellationToken: TestContext.CancellationToken);

        await environment.AssertConfigAsync(
            asset, repository, path => !path.StartsWith(HistoryPrefix, StringComparison.Ordinal) && !exceptions.DifferingConfig.Contains(path));
        var differences = await environment.DifferencesAsync(asset, repository, temp.Combine("image"));
        foreach (var path in exceptions.DifferingPaths)
        {
            Assert.IsFalse(
                asset.Files.Where(line => PathOf(line) == path).SequenceEqual(differences.Where(line => PathOf(line) == path)),
                $"{BuildahExceptions.FileName} says {path} differs, but buildah agrees with expected.txt: drop the exception");
        }

        CollectionAssert.AreEqual(
            asset.Files.Where(line => !exceptions.DifferingPaths.Contains(PathOf(line))).ToList(),
            differences.Where(line => !exceptions.DifferingPaths.Contains(PathOf(line))).ToList(),
            "files that differ from the base when buildah builds:\n" + string.Join('\n', differences));
    }

    // A skip stays honest only while buildah really cannot build the asset: once it can, drop the skip.
    [TestMethod]
    [DynamicData(nameof(SkippedAssets))]
    public async Task BuildWithBuildah_SkippedAsset_StillFailsInBuildah(string name)
    {
        var environment = await AssetEnvironment.SharedAsync();
        var asset = AssetEnvironment.Load(name);
        using var temp = TemporaryDirectory.Create("buildah-" + name);

        var build = await BuildAsync(environment, asset, temp, $"oracle/{name}:1");

        Assert.AreNotEqual(0, build.ExitCode, $"buildah now builds {name}: remove 'skip' from its {BuildahExceptions.FileName}");
        StringAssert.Contains(build.StandardError, "building at STEP", "buildah must fail on a Dockerfile step, not before");
    }

    private static string[] Storage(TemporaryDirectory temp) =>
        ["--root", temp.Combine("root"), "--runroot", temp.Combine("runroot"), "--storage-driver", "vfs"];

    // Docker format, since OCI configs have no Healthcheck, Shell or OnBuild; an asset's own --format comes later and wins.
    private Task<ProcessResult> BuildAsync(AssetEnvironment environment, DockerfileAsset asset, TemporaryDirectory temp, string repository) =>
        ProcessRunner.RunAsync(
            "buildah",
            [
                .. Storage(temp), "bud", "--isolation", "chroot", "--tls-verify=false", "--format", "docker", "--identity-label=false",
                "--file", environment.WriteDockerfile(asset, temp.Path), "--tag", "localhost/" + repository,
                .. BuildahArguments(asset.Arguments.Select(environment.WithTestRegistry)), asset.Context,
            ],
            checkExitCode: false,
            timeout: BuildTimeout,
            cancellationToken: TestContext.CancellationToken);

    private static bool IsSkipped(object[] row) => BuildahExceptions.Load(AssetEnvironment.Load((string)row[0])).SkipReason is not null;

    private static string PathOf(string line) => line[..line.IndexOf(' ', StringComparison.Ordinal)];

    // Our --image-format is buildah's --format; the other flags the assets pass have the same spelling.
    private static IEnumerable<string> BuildahArguments(IEnumerable<string> arguments) =>
        arguments.Select(argument => argument == "--image-format" ? "--format" : argument);
}
