namespace Kaniko.Engine.Caching;

/// <summary>Whether, and under which flag, the layer cache stores and reuses a command's layer.</summary>
internal enum LayerCacheRule
{
    /// <summary>Keyed (later keys depend on it) but never stored: it always executes.</summary>
    None,

    /// <summary><c>--cache-run-layers</c>.</summary>
    RunLayers,

    /// <summary><c>--cache-copy-layers</c>.</summary>
    CopyLayers,
}
