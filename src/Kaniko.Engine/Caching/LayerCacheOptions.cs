namespace Kaniko.Engine.Caching;

/// <summary>
/// The layer cache (<c>--cache</c> and its kaniko flags). The local folder is the request's
/// <c>CacheDirectory</c> (<c>--cache-dir</c>); its <c>layers/</c> subfolder holds layers by key.
/// </summary>
public sealed record LayerCacheOptions
{
    /// <summary><c>--cache</c>: look RUN/COPY/ADD layers up by key and store new ones.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// <c>--cache-repo</c>: the registry repository of cache layers. When null and no cache folder is
    /// given, <c>&lt;first destination&gt;/cache</c>.
    /// </summary>
    public string? Repository { get; init; }

    /// <summary><c>--cache-ttl</c>: older entries are not used (default two weeks, kaniko's).</summary>
    public TimeSpan TimeToLive { get; init; } = CacheTtl.Default;

    /// <summary><c>--cache-run-layers</c>.</summary>
    public bool RunLayers { get; init; } = true;

    /// <summary><c>--cache-copy-layers</c> (COPY and ADD).</summary>
    public bool CopyLayers { get; init; } = true;

    /// <summary><c>--no-push-cache</c>: use the cache repository but push nothing to it.</summary>
    public bool NoPush { get; init; }

    /// <summary>
    /// The layer cache's clock: when an entry is stored and whether it is older than
    /// <see cref="TimeToLive"/>. Tests give a fake one; no front door sets it, and it does not travel to the build server.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
