namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// One stage of a Dockerfile: its index and lower-case name, its base (an image reference with the
/// global ARGs expanded, or an earlier stage), its platform, its instructions after FROM, the
/// earlier stages it copies or mounts from, and the images it copies from.
/// </summary>
public sealed record BuildStage(
    int Index,
    string? Name,
    FromInstruction From,
    string BaseName,
    int? BaseStage,
    string? Platform,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyList<int> StageDependencies,
    IReadOnlyList<string> ImageDependencies);
