namespace Kaniko.Engine.Caching;

/// <summary>
/// What the layer cache knows of a command, all of it said by the command itself: how its layer is
/// cached, its fields of the composite key, and its effect on the config (so the keys of the
/// instructions after it can be computed before any of them runs). The cache never looks at
/// instruction types. <typeparamref name="TStage"/> is the stage as commands see it; the cache only
/// hands it back to them.
/// </summary>
internal interface ICacheableCommand<in TStage>
{
    /// <summary>The instruction as written, for logs.</summary>
    string Text { get; }

    /// <summary>Which <c>--cache-*-layers</c> flag lets its layer be stored and reused; <see cref="LayerCacheRule.None"/>: it always executes.</summary>
    LayerCacheRule CacheRule { get; }

    /// <summary>
    /// Adds its fields to <paramref name="key"/> (after <c>parent</c>), reading <paramref name="stage"/>
    /// as the instruction will see it; false when what it reads cannot be known before it runs.
    /// </summary>
    Task<bool> AddKeyFieldsAsync(CacheKeyEncoding key, TStage stage, CancellationToken cancellationToken);

    /// <summary>Its effect on the config and variables alone, on a planning copy of the stage; files are left alone.</summary>
    Task ApplyToConfigAsync(TStage stage, CancellationToken cancellationToken);
}
