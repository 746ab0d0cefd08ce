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

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Assets => AssetEnvironment.AssetNames;

    [TestMethod]
    [DynamicData(nameof(Assets))]
    public async Task Build_TestAsset_GivesTheExpectedFilesAndConfig(string name)
    {
        var environment = await AssetEnvironment.SharedAsync();
        var asset = AssetEnvironment.Load(name);
        using var temp = TemporaryDirectory.Create("asset-" + name);
        var dockerfile = environment.WriteDockerfile(asset, temp.Path);
        var repository = $"assets/{name}:1";

        var build = await KanikoTool.RunAsync(
        [
            "build", "--context", asset.Context, "--dockerfile", dockerfile, "--destination", $"{environment.Registry.Host}/{repository}",
            .. asset.Arguments.Select(environment.WithTestRegistry),
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

        await environment.AssertConfigAsync(asset, repository);
        var differences = await environment.DifferencesAsync(asset, repository, temp.Combine("image"));
        if (Environment.GetEnvironmentVariable("KANIKO_WRITE_EXPECTED") == "1")
        {
            asset.WriteFiles(differences);
        }

        CollectionAssert.AreEqual(asset.Files.ToList(), differences, "files that differ from the base:\n" + string.Join('\n', differences));
    }
}
