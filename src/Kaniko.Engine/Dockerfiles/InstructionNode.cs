namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// One instruction of the syntax tree, before typing, shaped like BuildKit's parser node: the
/// keyword (upper case), the leading flag words as written ("--from=build", quotes removed), the
/// argument text after the flags, the argument values the keyword's grammar splits it into (JSON
/// strings, words, key/value/separator triples, or the whole text), ONBUILD's trigger, heredocs,
/// and where it starts and ends.
/// </summary>
public sealed record InstructionNode(
    string Keyword,
    IReadOnlyList<string> Flags,
    string Arguments,
    IReadOnlyList<string> Values,
    bool IsJson,
    string Original,
    SourceLocation Location,
    int EndLine,
    char Escape)
{
    /// <summary>The instruction ONBUILD runs later, parsed now.</summary>
    public InstructionNode? Trigger { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    internal DockerfileException Error(string code, string what) => new(code, Location, what, Excerpt(Original));

    internal static string Excerpt(string line)
    {
        const int Limit = 60;
        var trimmed = line.Trim();
        return trimmed.Length <= Limit ? trimmed : trimmed[..Limit] + "...";
    }
}
