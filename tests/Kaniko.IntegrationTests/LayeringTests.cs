using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

[TestClass]
public sealed class LayeringTests
{
    [TestMethod]
    public async Task Publish_AppWithPackagesAndAProjectReference_IsLayeredLikeJib_AndACodeChangeReplacesOnlyTheAppLayer()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        using var sample = SampleProject.Copy("LayeredApp", "App");
        string[] publishArguments =
        [
            "-c", "Release", "-p:KanikoPublish=true",
            $"-p:ContainerRegistry={registry.Host}",
            $"-p:ContainerBaseImage={registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}",
            "-p:ContainerRepository=samples/layered",
        ];

        var first = await sample.DotnetAsync("publish", publishArguments);
        Assert.AreEqual(0, first.ExitCode, first.StandardOutput);
        var firstLayers = await LayerFilesAsync(registry, "samples/layered:latest");

        var baseLayerCount = (await LayerFilesAsync(registry, BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime))).Count;
        var ours = firstLayers.Skip(baseLayerCount).Where(layer => layer.Files.Any(f => !f.EndsWith('/'))).Select(l => l.Files).ToList();
        Assert.AreEqual(5, ours.Count, "packages, prerelease packages, project references, content, app: " + string.Join(" | ", ours.Select(l => string.Join(",", l))));
        CollectionAssert.AreEquivalent(
            new[] { "app/Dapper.dll", "app/Humanizer.dll", "app/Newtonsoft.Json.dll", "app/Serilog.dll", "app/YamlDotNet.dll" },
            Files(ours[0]));
        CollectionAssert.Contains(Files(ours[1]), "app/System.CommandLine.dll");
        CollectionAssert.Contains(Files(ours[1]), "app/de/System.CommandLine.resources.dll", "satellite folders are kept");
        CollectionAssert.AreEquivalent(new[] { "app/Greetings.dll", "app/Greetings.pdb" }, Files(ours[2]));
        CollectionAssert.AreEquivalent(new[] { "app/appsettings.json" }, Files(ours[3]));
        CollectionAssert.IsSubsetOf(new[] { "app/App.dll", "app/App.deps.json", "app/App.runtimeconfig.json" }, Files(ours[4]));

        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/samples/layered:latest");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello, layered image");
        StringAssert.Contains(run.StandardOutput, "settings: layers");

        var program = sample.Combine("App", "Program.cs");
        File.WriteAllText(program, File.ReadAllText(program).Replace("layered image\")", "changed image\")", StringComparison.Ordinal));
        var second = await sample.DotnetAsync("publish", publishArguments);
        Assert.AreEqual(0, second.ExitCode, second.StandardOutput);
        var secondLayers = await LayerFilesAsync(registry, "samples/layered:latest");

        var changed = firstLayers.Zip(secondLayers).Count(pair => pair.First.Digest != pair.Second.Digest);
        Assert.AreEqual(firstLayers.Count, secondLayers.Count);
        Assert.AreEqual(1, changed, "a code change gives exactly one new layer blob");
        Assert.AreNotEqual(firstLayers[^1].Digest, secondLayers[^1].Digest, "and it is the top (app) layer");
        var rerun = await KanikoTool.RunAsync("run", $"{registry.Host}/samples/layered:latest");
        StringAssert.Contains(rerun.StandardOutput, "Hello, changed image");
    }

    private static List<string> Files(IReadOnlyList<string> entries) => entries.Where(e => !e.EndsWith('/')).ToList();

    /// <summary>Each layer of the pushed image, by digest, with its entry names.</summary>
    private static async Task<List<(string Digest, IReadOnlyList<string> Files)>> LayerFilesAsync(RegistryServer registry, string repositoryAndTag) =>
        (await PushedLayers.ReadAsync(registry, repositoryAndTag))
            .Select(layer => (layer.Digest, (IReadOnlyList<string>)layer.Entries.Select(entry => entry.Name).ToList()))
            .ToList();
}
