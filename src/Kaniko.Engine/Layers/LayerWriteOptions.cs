using System.IO.Compression;

namespace Kaniko.Engine.Layers;

public sealed record LayerWriteOptions
{
    /// <summary>Used for every entry when <see cref="Reproducible"/>, else for entries without their own time.</summary>
    public DateTimeOffset ModificationTime { get; init; } = DateTimeOffset.UnixEpoch;

    public bool Reproducible { get; init; } = true;

    // Fastest: zlib-ng level 1 is several times faster than Optimal for a few percent more bytes;
    // layers are written on every build and pushed once (see the throughput note in LayerWriter).
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;
}
