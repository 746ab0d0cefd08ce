using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// Builds every testassets/Dockerfiles folder that has an expected.txt with the real tool against a
/// test registry, unpacks the pushed image with umoci and compares its files (against the base
/// image's) and config with the expectations. KANIKO_WRITE_EXPECTED=1 rewrites the file lists.
/// </summary>
[TestClass]
public sealed class DockerfileAssetTests
{
    private static AssetEnvironment s_environment = null!;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Assets => AssetEnvironment.AssetNames;

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context) => s_environment = await AssetEnvironment.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        if (s_environment is not null)
        {
            await s_environment.DisposeAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(Assets))]
    public async Task Build_TestAsset_GivesTheExpectedFilesAndConfig(string name)
    {
        var asset = AssetEnvironment.Load(name);
        using var temp = TemporaryDirectory.Create("asset-" + name);
        var dockerfile = s_environment.WriteDockerfile(asset, temp.Path);
        var repository = $"assets/{name}:1";

        var build = await KanikoTool.RunAsync(
        [
            "build", "--context", asset.Context, "--dockerfile", dockerfile, "--destination", $"{s_environment.Registry.Host}/{repository}",
            .. asset.Arguments.Select(s_environment.WithTestRegistry),
        ]);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        foreach (var text in asset.LogContains)
        {
            StringAssert.Contains(build.StandardError, text);
        }

        foreach (var text in asset.LogLacks)
        {
            Assert.IsFalse(build.StandardError.Contains(text, StringComparison.Ordinal), $"the log has '{text}':\n{build.StandardError}");
        }

        await s_environment.AssertConfigAsync(asset, repository);
        var differences = await s_environment.DifferencesAsync(asset, repository, temp.Combine("image"));
        if (Environment.GetEnvironmentVariable("KANIKO_WRITE_EXPECTED") == "1")
        {
            asset.WriteFiles(differences);
        }

        CollectionAssert.AreEqual(asset.Files.ToList(), differences, "files that differ from the base:\n" + string.Join('\n', differences));
    }
}
