using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// What building a testassets/Dockerfiles folder needs, whichever builder runs it: a test registry
/// holding the base images, the HTTP server for ADD URLs, the Dockerfile rewritten to those, and the
/// comparison of a pushed image with its base image and with the asset's config checks.
/// </summary>
internal sealed partial class AssetEnvironment : IAsyncDisposable
{
    private static readonly Lazy<Task<AssetEnvironment>> Shared = new(() => StartAsync(CancellationToken.None));
    private readonly ConcurrentDictionary<string, Lazy<Task<SortedDictionary<string, string>>>> _baseTrees = new(StringComparer.Ordinal);

    private AssetEnvironment(RegistryServer registry, AssetHttpServer http)
    {
        Registry = registry;
        Http = http;
    }

    public RegistryServer Registry { get; }

    public AssetHttpServer Http { get; }

    public static IEnumerable<object[]> AssetNames => DockerfileAsset.All(RepositoryPaths.TestAssets).Select(asset => new object[] { asset.Name });

    /// <summary>The one environment every asset test class shares, started by the first test that asks.</summary>
    public static Task<AssetEnvironment> SharedAsync() => Shared.Value;

    /// <summary>Stops the shared environment if a test started it.</summary>
    public static async Task StopSharedAsync()
    {
        if (Shared.IsValueCreated)
        {
            await (await Shared.Value).DisposeAsync();
        }
    }

    private static async Task<AssetEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var registry = await RegistryServer.StartAsync(cancellationToken: cancellationToken);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps], cancellationToken);
        return new AssetEnvironment(registry, AssetHttpServer.Start(Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", "http-files")));
    }

    public static DockerfileAsset Load(string name) => DockerfileAsset.Load(name, Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", name));

    /// <summary>Writes the asset's Dockerfile into <paramref name="folder"/> with base images and URLs pointing at the test servers.</summary>
    public string WriteDockerfile(DockerfileAsset asset, string folder)
    {
        var dockerfile = Path.Combine(folder, "Dockerfile");
        File.WriteAllText(dockerfile, WithTestRegistry(File.ReadAllText(Path.Combine(asset.Folder, "Dockerfile"))));
        return dockerfile;
    }

    public string WithTestRegistry(string text) =>
        BaseNamePattern().Replace(text.Replace("{http}", Http.BaseUri, StringComparison.Ordinal), match => $"{Registry.Host}/{match.Value}");

    /// <summary>Fails unless every config check of the asset holds for the image pushed as <paramref name="repository"/>.</summary>
    public async Task AssertConfigAsync(DockerfileAsset asset, string repository, Func<string, bool>? applies = null)
    {
        using var config = await Skopeo.InspectAsync(Registry, repository, raw: true, config: true);
        foreach (var (path, json) in asset.ConfigChecks.Where(check => applies is null || applies(check.Path)))
        {
            var actual = Navigate(config.RootElement, path);
            Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(json), actual), $"config {path}: expected {json}, got {actual?.ToJsonString() ?? "absent"}");
        }
    }

    /// <summary>The lines of every entry of the pushed image that differs from the asset's base image, sorted.</summary>
    public async Task<List<string>> DifferencesAsync(DockerfileAsset asset, string repository, string folder)
    {
        var tree = await UnpackAsync(repository, folder);
        var baseTree = asset.Base == "scratch" ? [] : await BaseTreeAsync(asset.Base);
        return tree.Where(pair => !baseTree.TryGetValue(pair.Key, out var line) || line != pair.Value).Select(pair => pair.Value)
            .Concat(baseTree.Keys.Where(path => !tree.ContainsKey(path)).Select(path => path + " removed"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Registry.DisposeAsync();
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

    private async Task<SortedDictionary<string, string>> UnpackAsync(string repository, string folder)
    {
        Directory.CreateDirectory(folder);
        var layout = Path.Combine(folder, "layout");
        await Skopeo.CopyToOciLayoutAsync(Registry, repository, layout, "image");
        var bundle = Path.Combine(folder, "bundle");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:image", bundle]);
        return UnpackedTree.Read(Path.Combine(bundle, "rootfs"));
    }

    private Task<SortedDictionary<string, string>> BaseTreeAsync(string name) =>
        _baseTrees.GetOrAdd(name, key => new Lazy<Task<SortedDictionary<string, string>>>(async () =>
        {
            var folder = TemporaryDirectory.Create("base-" + key);
            var image = BaseImages.All.Single(image => BaseImages.LayoutTag(image) == key);
            return await UnpackAsync(BaseImages.RepositoryAndTag(image), folder.Path);
        })).Value;

    [GeneratedRegex(@"(?<=[\s=])(busybox:latest|dotnet/[a-z-]+:10\.0)\b")]
    private static partial Regex BaseNamePattern();
}
