namespace Kaniko.TestInfrastructure;

/// <summary>
/// The base images tests build on, made offline by independent tools (busybox-static, Debian packages,
/// the installed .NET runtime, GNU tar, umoci), never by our engine. One OCI layout holds all four;
/// its index names them with org.opencontainers.image.ref.name "busybox", "runtime-deps", "runtime"
/// and "aspnet".
/// </summary>
public static class BaseImages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? s_layout;

    public static IReadOnlyList<BaseImage> All { get; } =
        [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps, BaseImage.DotnetRuntime, BaseImage.DotnetAspnet];

    /// <summary>Returns the cached layout for the current inputs, building it first if there is none.</summary>
    public static async Task<string> EnsureLayoutAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref s_layout) is { } known && Directory.Exists(known))
        {
            return known;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var inputs = await BaseImageInputs.GatherAsync(cancellationToken).ConfigureAwait(false);
            var layout = await BaseImageCache.GetOrBuildAsync(
                inputs.CacheKey(),
                (staged, scratch, ct) => BaseImageRecipe.BuildAsync(staged, scratch, inputs, ct),
                cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref s_layout, layout);
            return layout;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The image's tag inside the layout (its org.opencontainers.image.ref.name).</summary>
    public static string LayoutTag(BaseImage image) => image switch
    {
        BaseImage.Busybox => "busybox",
        BaseImage.DotnetRuntimeDeps => "runtime-deps",
        BaseImage.DotnetRuntime => "runtime",
        BaseImage.DotnetAspnet => "aspnet",
        _ => throw new ArgumentOutOfRangeException(nameof(image), image, null),
    };

    /// <summary>Where <see cref="SeedAsync"/> puts the image in a registry.</summary>
    public static string RepositoryAndTag(BaseImage image) => image switch
    {
        BaseImage.Busybox => "busybox:latest",
        BaseImage.DotnetRuntimeDeps => "dotnet/runtime-deps:10.0",
        BaseImage.DotnetRuntime => "dotnet/runtime:10.0",
        BaseImage.DotnetAspnet => "dotnet/aspnet:10.0",
        _ => throw new ArgumentOutOfRangeException(nameof(image), image, null),
    };

    /// <summary>
    /// Copies the images into the registry with skopeo: busybox as a Docker schema 2 manifest, the
    /// others as OCI, so tests meet both media types.
    /// </summary>
    public static async Task SeedAsync(RegistryServer registry, IEnumerable<BaseImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(images);
        var layout = await EnsureLayoutAsync(cancellationToken).ConfigureAwait(false);
        foreach (var image in images)
        {
            var format = image == BaseImage.Busybox ? "v2s2" : "oci";
            await Skopeo.CopyFromOciLayoutAsync(layout, LayoutTag(image), registry, RepositoryAndTag(image), format, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
