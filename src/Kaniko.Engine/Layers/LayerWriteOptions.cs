using System.IO.Compression;

namespace Kaniko.Engine.Layers;

public sealed record LayerWriteOptions
{
    /// <summary>Used for every entry when <see cref="Reproducible"/>, else for entries without their own time.</summary>
    public DateTimeOffset ModificationTime { get; init; } = DateTimeOffset.UnixEpoch;

    public bool Reproducible { get; init; } = true;

    // Fastest (zlib-ng level 1). Measured on 100 MiB of SDK files (2 busy cores): Fastest 320 MiB/s
    // to 24% of the input, Optimal 120 MiB/s to 18%, SmallestSize 55 MiB/s to 17.5%. Fastest wins
    // whenever the layer goes to disk or a registry faster than about 100 Mbit/s.
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;
}
