using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Expands an instruction's words against the environment as it stood before the instruction, with
/// the Dockerfile's escape character.
/// </summary>
public sealed class StageWords(IReadOnlyDictionary<string, string> environment, char escape)
{
    public string Expand(string word) => ShellWordExpander.Expand(word, environment, escape);

    /// <summary>A here-document's text: variables expand, quotes and escapes stay as written.</summary>
    public string ExpandHeredoc(string text) =>
        new ShellWordLexer(text, environment, escape, ShellLexerMode.RawQuotes | ShellLexerMode.RawEscapes).Process().Text;

    public IReadOnlyList<string> Split(string text) => ShellWordExpander.ExpandAndSplit(text, environment, escape);
}
