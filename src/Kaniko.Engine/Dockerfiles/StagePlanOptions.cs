namespace Kaniko.Engine.Dockerfiles;

/// <summary>What the build was asked for: --build-arg values, --target, and the platforms for the automatic ARGs.</summary>
public sealed record StagePlanOptions
{
    /// <summary>--build-arg K=V; a null value (bare --build-arg K) takes K from <see cref="EnvironmentVariable"/>.</summary>
    public IReadOnlyDictionary<string, string?> BuildArguments { get; init; } = new Dictionary<string, string?>();

    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The stage to build (case-insensitive); null builds the last one.</summary>
    public string? Target { get; init; }

    /// <summary>os/arch[/variant] of the image being built (TARGETPLATFORM).</summary>
    public string TargetPlatform { get; init; } = "linux/amd64";

    /// <summary>os/arch[/variant] of the machine building it (BUILDPLATFORM).</summary>
    public string BuildPlatform { get; init; } = "linux/amd64";
}
