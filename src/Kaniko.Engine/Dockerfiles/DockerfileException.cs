namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// A Dockerfile the front end cannot accept, with where: "Dockerfile:3:1: what". What it quotes of
/// the Dockerfile is one line: line feeds are escaped too.
/// </summary>
public class DockerfileException : KanikoException
{
    public DockerfileException(string code, SourceLocation location, string what, Exception? inner = null)
        : this(code, location, what, null, inner)
    {
    }

    public DockerfileException(string code, SourceLocation location, string what, string? excerpt, Exception? inner = null)
        : base(code, TerminalText.Escape($"{location}: {what}"), inner)
    {
        ArgumentNullException.ThrowIfNull(location);
        Location = location;
        What = TerminalText.Escape(what);
        Excerpt = excerpt is null ? null : TerminalText.Escape(excerpt);
    }

    public SourceLocation Location { get; }

    /// <summary>The message without the location.</summary>
    public string What { get; }

    /// <summary>The start of the offending line as written, when known.</summary>
    public string? Excerpt { get; }
}
