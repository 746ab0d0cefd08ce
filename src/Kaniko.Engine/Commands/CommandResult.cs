namespace Kaniko.Engine.Commands;

/// <summary>
/// What an instruction did: its history text and, when it wrote files, exactly which image paths
/// (those become its layer). <see cref="ChangedPaths"/> is null for metadata-only instructions.
/// </summary>
public sealed record CommandResult(string CreatedBy, IReadOnlyList<string>? ChangedPaths)
{
    public static CommandResult Metadata(string createdBy) => new(createdBy, null);
}
