namespace Kaniko.TestInfrastructure;

/// <summary>
/// Makes small ad-hoc images in an OCI layout with umoci (independent of our engine): from scratch or
/// from a base image, plus at most one layer made reproducibly from a folder, plus config changes.
/// </summary>
public static class LayoutImageWriter
{
    public static async Task WriteAsync(
        string layoutDirectory,
        string tag,
        BaseImage? from,
        string? layerRoot,
        ImageSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentNullException.ThrowIfNull(settings);
        if (from is { } baseImage)
        {
            var baseLayout = await BaseImages.EnsureLayoutAsync(cancellationToken).ConfigureAwait(false);
            await ProcessRunner.RunAsync(
                "skopeo",
                ["copy", "--quiet", $"oci:{baseLayout}:{BaseImages.LayoutTag(baseImage)}", $"oci:{layoutDirectory}:{tag}"],
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (!File.Exists(Path.Combine(layoutDirectory, "index.json")))
            {
                await Umoci.InitAsync(layoutDirectory, cancellationToken).ConfigureAwait(false);
            }

            await Umoci.NewAsync(layoutDirectory, tag, cancellationToken).ConfigureAwait(false);
            await Umoci.ConfigAsync(layoutDirectory, tag, ["--architecture", "amd64", "--os", "linux"], cancellationToken).ConfigureAwait(false);
        }

        if (layerRoot is not null)
        {
            using var work = TemporaryDirectory.Create("layer");
            var tar = Path.Combine(work.Path, "layer.tar");
            await ReproducibleTar.CreateAsync(layerRoot, tar, cancellationToken).ConfigureAwait(false);
            await Umoci.AddLayerAsync(layoutDirectory, tag, tar, $"layer from {Path.GetFileName(layerRoot)}", cancellationToken).ConfigureAwait(false);
        }

        var configArguments = settings.ToUmociArguments().ToList();
        if (configArguments.Count > 0)
        {
            await Umoci.ConfigAsync(layoutDirectory, tag, configArguments, cancellationToken).ConfigureAwait(false);
        }
    }
}
