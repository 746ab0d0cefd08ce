namespace Kaniko.Engine.Layers;

/// <summary>A layer entry as it goes into the tar: its name there, and its type after hard-link detection.</summary>
internal sealed record PlannedTarEntry(string TarName, string SortKey, LayerEntry Entry, LayerEntryType Type, string? LinkTarget);
