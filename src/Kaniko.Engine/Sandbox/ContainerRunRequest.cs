using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Sandbox;

/// <summary>What <c>dotnet kaniko run</c> asks: an image, an optional command, extra environment, and where its output goes.</summary>
public sealed record ContainerRunRequest
{
    /// <summary>A registry reference or <c>oci:DIR[:TAG]</c>.</summary>
    public required string Image { get; init; }

    /// <summary>Replaces the image's Cmd and keeps its Entrypoint, as <c>docker run IMAGE COMMAND...</c> does; null keeps Cmd.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary><c>NAME=value</c> entries added to (and overriding) the image's Env.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    public RegistrySettings Registries { get; init; } = new();

    /// <summary>Where the image is extracted; a temp folder, deleted afterwards, when null.</summary>
    public string? WorkDirectory { get; init; }

    public required TextWriter StandardOutput { get; init; }

    public required TextWriter StandardError { get; init; }
}
