using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

/// <summary>One stage for <see cref="StageExecutor"/>: its plan, what it starts from, where it builds and who reads it.</summary>
internal sealed record StageToBuild
{
    public required BuildStage Plan { get; init; }

    /// <summary>The image it starts FROM: pulled, from the cache folder, scratch, or an earlier stage's.</summary>
    public required LocalImage BaseImage { get; init; }

    /// <summary>The layer cache key an earlier stage it starts FROM ended with; null when it starts from an image or that chain ended.</summary>
    public string? BaseStageKey { get; init; }

    /// <summary>The host folder the stage's root is built in.</summary>
    public required string RootPath { get; init; }

    public required StageVariables Variables { get; init; }

    /// <summary>Where <c>COPY --from</c> reads.</summary>
    public IFromSources? FromSources { get; init; }

    /// <summary>The Dockerfile's escape character.</summary>
    public char Escape { get; init; } = '\\';

    /// <summary>Labels the request adds to the image (the target stage's only).</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether a later stage copies from this one: then its root must hold every file's data when it is done.</summary>
    public bool ReadByLaterStages { get; init; } = true;
}
