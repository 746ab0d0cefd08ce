using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Commands;

/// <summary>
/// What an instruction did: its history text and, when it wrote files, its layer: either exactly
/// which image paths it wrote (<see cref="ChangedPaths"/>, read from the stage root), or entries it
/// prepared itself (<see cref="Entries"/>, e.g. from an overlay upper folder, whiteouts included).
/// Both are null for metadata-only instructions.
/// </summary>
public sealed record CommandResult(string CreatedBy, IReadOnlyList<string>? ChangedPaths)
{
    public IReadOnlyList<LayerEntry>? Entries { get; init; }

    public bool MakesLayer => ChangedPaths is not null || Entries is not null;

    public static CommandResult Metadata(string createdBy) => new(createdBy, null);

    public static CommandResult FromEntries(string createdBy, IReadOnlyList<LayerEntry> entries) => new(createdBy, null) { Entries = entries };
}
