using Kaniko.Engine.Publishing;

namespace Kaniko.Engine.Server;

/// <summary>One line from the build server: a log entry, the build's outcome, or its error.</summary>
public sealed record ServerMessage
{
    public int? Level { get; init; }

    public string? Text { get; init; }

    public RemoteBuildResult? Result { get; init; }

    public ServerError? Error { get; init; }
}

/// <summary>The first line a client sends: a build to run, or the request to stop.</summary>
public sealed record ServerRequest
{
    public PublishRequest? Build { get; init; }

    /// <summary>Stop taking builds, finish the running ones, and exit.</summary>
    public bool Shutdown { get; init; }
}

/// <summary>What a front door needs of a finished build.</summary>
public sealed record RemoteBuildResult(string ManifestDigest, List<string> PushedReferences);

/// <summary>An engine error as the server saw it, enough to raise the same error at the front door.</summary>
public sealed record ServerError(string? Code, string Message, string? File = null, int Line = 0, int Column = 0, string? What = null, bool Cancelled = false);
