namespace Kaniko.Engine.Dockerfiles;

/// <summary>Exec form: the JSON array's strings; shell form: one element, the raw command text.</summary>
public sealed record CmdInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Arguments, bool IsExecForm)
    : Instruction(Location, Text);
