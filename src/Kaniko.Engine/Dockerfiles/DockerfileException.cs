namespace Kaniko.Engine.Dockerfiles;

/// <summary>A Dockerfile the front end cannot accept, with where: "Dockerfile:3:1: what".</summary>
public class DockerfileException : KanikoException
{
    public DockerfileException(string code, SourceLocation location, string what, Exception? inner = null)
        : this(code, location, what, null, inner)
    {
    }

    public DockerfileException(string code, SourceLocation location, string what, string? excerpt, Exception? inner = null)
        : base(code, $"{location}: {what}", inner)
    {
        ArgumentNullException.ThrowIfNull(location);
        Location = location;
        What = what;
        Excerpt = excerpt;
    }

    public SourceLocation Location { get; }

    /// <summary>The message without the location.</summary>
    public string What { get; }

    /// <summary>The start of the offending line as written, when known.</summary>
    public string? Excerpt { get; }
}
