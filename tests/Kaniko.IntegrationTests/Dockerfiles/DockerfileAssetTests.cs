using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// Builds every testassets/Dockerfiles folder that has an expected.txt with the real tool against a
/// test registry, unpacks the pushed image with umoci and compares its files (against the base
/// image's) and config with the expectations. KANIKO_WRITE_EXPECTED=1 rewrites the file lists.
/// </summary>
[TestClass]
public sealed partial class DockerfileAssetTests
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SortedDictionary<string, string>>>> s_baseTrees = new(StringComparer.Ordinal);
    private static RegistryServer s_registry = null!;
    private static AssetHttpServer s_http = null!;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Assets => DockerfileAsset.All(RepositoryPaths.TestAssets).Select(asset => new object[] { asset.Name });

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync(cancellationToken: context.CancellationToken);
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps], context.CancellationToken);
        s_http = AssetHttpServer.Start(Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", "http-files"));
    }

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        s_http?.Dispose();
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(Assets))]
    public async Task Build_TestAsset_GivesTheExpectedFilesAndConfig(string name)
    {
        var asset = DockerfileAsset.Load(name, Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", name));
        using var temp = TemporaryDirectory.Create("asset-" + name);
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, WithTestRegistry(File.ReadAllText(Path.Combine(asset.Folder, "Dockerfile"))));
        var repository = $"assets/{name}:1";

        var build = await KanikoTool.RunAsync(
        [
            "build", "--context", asset.Context, "--dockerfile", dockerfile, "--destination", $"{s_registry.Host}/{repository}",
            .. asset.Arguments.Select(WithTestRegistry),
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

        using var config = await Skopeo.InspectAsync(s_registry, repository, raw: true, config: true);
        foreach (var (path, json) in asset.ConfigChecks)
        {
            var actual = Navigate(config.RootElement, path);
            Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(json), actual), $"config {path}: expected {json}, got {actual?.ToJsonString() ?? "absent"}");
        }

        var tree = await UnpackAsync(repository, temp.Combine("image"));
        var baseTree = asset.Base == "scratch" ? [] : await BaseTreeAsync(asset.Base);
        var differences = tree.Where(pair => !baseTree.TryGetValue(pair.Key, out var line) || line != pair.Value).Select(pair => pair.Value)
            .Concat(baseTree.Keys.Where(path => !tree.ContainsKey(path)).Select(path => path + " removed"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (Environment.GetEnvironmentVariable("KANIKO_WRITE_EXPECTED") == "1")
        {
            asset.WriteFiles(differences);
        }

        CollectionAssert.AreEqual(asset.Files.ToList(), differences, "files that differ from the base:\n" + string.Join('\n', differences));
    }

    private static JsonNode? Navigate(JsonElement root, string path)
    {
        var node = JsonNode.Parse(root.GetRawText());
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonArray array when int.TryParse(segment, out var index) => array[index < 0 ? array.Count + index : index],
                JsonObject obj => obj[segment],
                _ => null,
            };
        }

        return node;
    }

    private static string WithTestRegistry(string text) =>
        BaseNamePattern().Replace(text.Replace("{http}", s_http.BaseUri, StringComparison.Ordinal), match => $"{s_registry.Host}/{match.Value}");

    private static async Task<SortedDictionary<string, string>> UnpackAsync(string repository, string folder)
    {
        Directory.CreateDirectory(folder);
        var layout = Path.Combine(folder, "layout");
        await Skopeo.CopyToOciLayoutAsync(s_registry, repository, layout, "image");
        var bundle = Path.Combine(folder, "bundle");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:image", bundle]);
        return UnpackedTree.Read(Path.Combine(bundle, "rootfs"));
    }

    private static Task<SortedDictionary<string, string>> BaseTreeAsync(string name) =>
        s_baseTrees.GetOrAdd(name, key => new Lazy<Task<SortedDictionary<string, string>>>(async () =>
        {
            var folder = TemporaryDirectory.Create("base-" + key);
            var image = BaseImages.All.Single(image => BaseImages.LayoutTag(image) == key);
            return await UnpackAsync(BaseImages.RepositoryAndTag(image), folder.Path);
        })).Value;

    [GeneratedRegex(@"(?<=[\s=])(busybox:latest|dotnet/[a-z-]+:10\.0)\b")]
    private static partial Regex BaseNamePattern();
}
