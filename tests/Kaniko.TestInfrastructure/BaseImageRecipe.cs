namespace Kaniko.TestInfrastructure;

/// <summary>
/// Assembles the four base images into one OCI layout with umoci. Each image extends the one before
/// (busybox, runtime-deps, runtime, aspnet), so the layers are built once and shared.
/// </summary>
internal static class BaseImageRecipe
{
    /// <summary>Bump when the recipe changes so cached layouts are rebuilt.</summary>
    public const string Version = "1";

    private const string PathVariable = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly string[] Platform = ["--architecture", "amd64", "--os", "linux"];

    public static async Task BuildAsync(string layout, string workDirectory, BaseImageInputs inputs, CancellationToken cancellationToken)
    {
        var busybox = BaseImages.LayoutTag(BaseImage.Busybox);
        var runtimeDeps = BaseImages.LayoutTag(BaseImage.DotnetRuntimeDeps);
        var runtime = BaseImages.LayoutTag(BaseImage.DotnetRuntime);
        var aspnet = BaseImages.LayoutTag(BaseImage.DotnetAspnet);

        await Umoci.InitAsync(layout, cancellationToken).ConfigureAwait(false);
        await Umoci.NewAsync(layout, busybox, cancellationToken).ConfigureAwait(false);
        var busyboxLayer = await MakeLayerAsync(workDirectory, "busybox", BaseImageTrees.WriteBusyboxAsync, cancellationToken).ConfigureAwait(false);
        await Umoci.AddLayerAsync(layout, busybox, busyboxLayer, "busybox-static with applet links, users root and app (1654)", cancellationToken).ConfigureAwait(false);
        await Umoci.ConfigAsync(layout, busybox, [.. Platform, "--config.env", PathVariable, "--config.cmd", "sh"], cancellationToken).ConfigureAwait(false);

        var downloads = Directory.CreateDirectory(Path.Combine(workDirectory, "debs")).FullName;
        var runtimeDepsLayer = await MakeLayerAsync(
            workDirectory,
            "runtime-deps",
            (root, ct) => BaseImageTrees.WriteRuntimeDependenciesAsync(root, inputs.DebianPackages, downloads, ct),
            cancellationToken).ConfigureAwait(false);
        await Umoci.TagAsync(layout, busybox, runtimeDeps, cancellationToken).ConfigureAwait(false);
        await Umoci.AddLayerAsync(layout, runtimeDeps, runtimeDepsLayer, "Debian " + string.Join(' ', inputs.DebianPackages), cancellationToken).ConfigureAwait(false);
        await Umoci.ConfigAsync(
            layout,
            runtimeDeps,
            ["--clear", "config.cmd", "--config.env", $"APP_UID={BaseImageTrees.AppUid}", "--config.env", "DOTNET_RUNNING_IN_CONTAINER=true"],
            cancellationToken).ConfigureAwait(false);

        var runtimeLayer = await MakeLayerAsync(
            workDirectory, "runtime", (root, ct) => BaseImageTrees.WriteRuntimeAsync(root, inputs.Dotnet, ct), cancellationToken).ConfigureAwait(false);
        await Umoci.TagAsync(layout, runtimeDeps, runtime, cancellationToken).ConfigureAwait(false);
        await Umoci.AddLayerAsync(layout, runtime, runtimeLayer, $"Microsoft.NETCore.App {inputs.Dotnet.RuntimeVersion}", cancellationToken).ConfigureAwait(false);
        await Umoci.ConfigAsync(layout, runtime, ["--config.env", $"DOTNET_VERSION={inputs.Dotnet.RuntimeVersion}"], cancellationToken).ConfigureAwait(false);

        var aspnetLayer = await MakeLayerAsync(
            workDirectory, "aspnet", (root, ct) => BaseImageTrees.WriteAspNetCoreAsync(root, inputs.Dotnet, ct), cancellationToken).ConfigureAwait(false);
        await Umoci.TagAsync(layout, runtime, aspnet, cancellationToken).ConfigureAwait(false);
        await Umoci.AddLayerAsync(layout, aspnet, aspnetLayer, $"Microsoft.AspNetCore.App {inputs.Dotnet.AspNetCoreVersion}", cancellationToken).ConfigureAwait(false);
        await Umoci.ConfigAsync(layout, aspnet, ["--config.env", $"ASPNET_VERSION={inputs.Dotnet.AspNetCoreVersion}"], cancellationToken).ConfigureAwait(false);

        await Umoci.GarbageCollectAsync(layout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> MakeLayerAsync(
        string workDirectory, string name, Func<string, CancellationToken, Task> writeTree, CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(Path.Combine(workDirectory, name + "-root")).FullName;
        await writeTree(root, cancellationToken).ConfigureAwait(false);
        var tar = Path.Combine(workDirectory, name + ".tar");
        await ReproducibleTar.CreateAsync(root, tar, cancellationToken).ConfigureAwait(false);
        TemporaryDirectory.DeleteQuietly(root);
        return tar;
    }
}
