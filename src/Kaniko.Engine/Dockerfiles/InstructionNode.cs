namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// One instruction of the syntax tree, before typing: the keyword (upper case), the leading
/// "--name[=value]" flags, the remaining argument text, and the instruction as written.
/// </summary>
internal sealed record InstructionNode(
    string Keyword,
    IReadOnlyList<InstructionFlag> Flags,
    string Arguments,
    string Original,
    SourceLocation Location,
    char Escape);
