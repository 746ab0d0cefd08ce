namespace Kaniko.Engine.Publishing;

/// <summary>What the SDK's container properties say the app's image holds, ready to become a Dockerfile.</summary>
public sealed record AppImageSettings(string BaseImage, string WorkingDirectory)
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public string? User { get; init; }

    /// <summary>COPY --chown for the app's files; null leaves them to root.</summary>
    public string? FileOwner { get; init; }

    /// <summary>Ports as EXPOSE takes them: <c>8080/tcp</c>.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The publish folder's files per layer, bottom to top; null copies the folder as one layer.</summary>
    public IReadOnlyList<(AppLayer Layer, IReadOnlyList<string> Files)>? Layers { get; init; }
}
