using Kaniko.Engine.Caching;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Building;

/// <summary>How every stage of one build is made: the request's flags that concern stages, and the build's stores.</summary>
internal sealed record StageBuildSettings
{
    /// <summary>Where new layers and configs are written.</summary>
    public required BlobStore Blobs { get; init; }

    public required BuildContextDirectory Context { get; init; }

    /// <summary>Sorted entries, fixed mtimes and <c>created</c> (SOURCE_DATE_EPOCH or the epoch).</summary>
    public bool Reproducible { get; init; }

    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    public int? CompressionLevel { get; init; }

    public ImageFormat Format { get; init; } = ImageFormat.Base;

    /// <summary>How RUN executes and snapshots.</summary>
    public Sandbox.RunOptions Run { get; init; } = new();

    /// <summary>Whether a RUN of this build found overlay refused, so later ones walk at once.</summary>
    public OverlayRefusal OverlayRefusal { get; init; } = new();

    /// <summary>
    /// <c>--single-snapshot</c>: the instructions add no layer of their own; a walk of the root before
    /// the first and after the last makes one layer of everything the stage changed.
    /// </summary>
    public bool SingleSnapshot { get; init; }

    /// <summary>The layer cache, or null without <c>--cache</c>.</summary>
    public LayerCache? Cache { get; init; }

    /// <summary>Layer listings, by which a root's files may appear on demand; null when every base is extracted.</summary>
    public LayerListingStore? Listings { get; init; }
}
