using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

/// <summary>A finished stage: its image, the root folder later stages copy from, and its layers.</summary>
internal sealed record BuiltStage(int Index, string? Name, LocalImage Image, string RootPath, IReadOnlyList<BuiltLayer> Layers)
{
    /// <summary>The stage's last layer cache key; a stage built FROM this one seeds its chain with it.</summary>
    public string? CacheKey { get; init; }

    /// <summary>The root's layers not extracted yet (cache hits); <c>COPY --from</c> extracts them before reading <see cref="RootPath"/>.</summary>
    public DeferredRoot? Root { get; init; }
}
