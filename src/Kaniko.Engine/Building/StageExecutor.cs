using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>Builds the stages of one build, each as a <see cref="StageBuild"/>, and keeps the steps they took.</summary>
internal sealed class StageExecutor(StageBuildSettings settings, ILogger logger)
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<BuildStep>> _steps = new();

    /// <summary>Every instruction of every stage built so far, in stage and instruction order.</summary>
    public IReadOnlyList<BuildStep> Steps => _steps.OrderBy(stage => stage.Key).SelectMany(stage => stage.Value).ToList();

    public async Task<BuiltStage> BuildAsync(StageToBuild stage, CancellationToken cancellationToken)
    {
        var build = new StageBuild(settings, stage, logger);
        var built = await build.RunAsync(cancellationToken).ConfigureAwait(false);
        _steps[stage.Plan.Index] = build.Steps;
        return built;
    }
}
