using Kaniko.Engine.Snapshots;

namespace Kaniko.Engine.Sandbox;

/// <summary>How RUN executes and how its changes become a layer; the same for every stage of a build.</summary>
public sealed record RunOptions
{
    /// <summary><c>--snapshotter</c>: overlay (default; falls back to walk, logged, where overlay cannot be mounted) or walk.</summary>
    public SnapshotterKind Snapshotter { get; init; } = SnapshotterKind.Overlay;

    /// <summary><c>--snapshot-mode</c>: what the walking snapshotter compares.</summary>
    public SnapshotMode SnapshotMode { get; init; } = SnapshotMode.Full;

    /// <summary>Where <c>RUN --mount=type=cache</c> keeps a folder per cache id across builds; null: <c>~/.cache/kaniko/run-cache</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary><c>--secret</c>: id to the secret's bytes, mounted by <c>RUN --mount=type=secret</c> and never written to the image.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);
}
