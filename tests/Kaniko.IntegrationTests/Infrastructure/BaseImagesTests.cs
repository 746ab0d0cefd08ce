using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Infrastructure;

[TestClass]
public sealed class BaseImagesTests
{
    [TestMethod]
    public async Task EnsureLayout_CalledTwice_ReturnsTheSameLayout()
    {
        var first = await BaseImages.EnsureLayoutAsync();
        var second = await BaseImages.EnsureLayoutAsync();

        Assert.AreEqual(first, second);
        Assert.IsTrue(File.Exists(Path.Combine(first, "index.json")));
    }

    [TestMethod]
    public async Task Layout_NamesEachImageByItsLayoutTag()
    {
        var layout = await BaseImages.EnsureLayoutAsync();

        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")));
        var names = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(manifest => manifest.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        CollectionAssert.AreEqual(new[] { "aspnet", "busybox", "runtime", "runtime-deps" }, names);
    }

    [TestMethod]
    [DataRow(BaseImage.Busybox, "application/vnd.docker.container.image.v1+json", new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" })]
    [DataRow(BaseImage.DotnetRuntimeDeps, "application/vnd.oci.image.config.v1+json", new[] { "APP_UID=1654", "DOTNET_RUNNING_IN_CONTAINER=true" })]
    [DataRow(BaseImage.DotnetRuntime, "application/vnd.oci.image.config.v1+json", new[] { "APP_UID=1654", "DOTNET_VERSION=10.0." })]
    [DataRow(BaseImage.DotnetAspnet, "application/vnd.oci.image.config.v1+json", new[] { "DOTNET_VERSION=10.0.", "ASPNET_VERSION=10.0." })]
    public async Task Seed_PushesTheImage_WithItsEnvAndManifestKind(BaseImage image, string configMediaType, string[] expectedEnvPrefixes)
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [image]);

        using var summary = await Skopeo.InspectAsync(registry, BaseImages.RepositoryAndTag(image));
        using var manifest = await Skopeo.InspectAsync(registry, BaseImages.RepositoryAndTag(image), raw: true);

        var env = summary.RootElement.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        foreach (var prefix in expectedEnvPrefixes)
        {
            Assert.IsTrue(env.Any(e => e.StartsWith(prefix, StringComparison.Ordinal)), $"{prefix} not in [{string.Join(", ", env)}]");
        }

        // umoci writes OCI manifests without the optional top-level mediaType; the config's media type tells the kinds apart.
        Assert.AreEqual(configMediaType, manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.AreEqual("amd64", summary.RootElement.GetProperty("Architecture").GetString());
        Assert.AreEqual("linux", summary.RootElement.GetProperty("Os").GetString());
    }

    [TestMethod]
    public async Task Seed_IntoATlsRegistryWithAuth_CanBeInspectedWithCredentials()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(UseTls: true, Username: "tester", Password: "s3cret"));
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);

        using var config = await Skopeo.InspectAsync(registry, BaseImages.RepositoryAndTag(BaseImage.Busybox), config: true);

        var cmd = config.RootElement.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "sh" }, cmd);
    }

    [TestMethod]
    public async Task RuntimeImages_ShareTheLayersOfTheImagesBelowThem()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntimeDeps, BaseImage.DotnetAspnet]);

        using var runtimeDeps = await Skopeo.InspectAsync(registry, BaseImages.RepositoryAndTag(BaseImage.DotnetRuntimeDeps));
        using var aspnet = await Skopeo.InspectAsync(registry, BaseImages.RepositoryAndTag(BaseImage.DotnetAspnet));

        var lower = Layers(runtimeDeps);
        var upper = Layers(aspnet);
        Assert.AreEqual(2, lower.Count);
        Assert.AreEqual(4, upper.Count);
        CollectionAssert.AreEqual(lower, upper.Take(2).ToList());
    }

    private static List<string?> Layers(JsonDocument summary) =>
        summary.RootElement.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()).ToList();
}
