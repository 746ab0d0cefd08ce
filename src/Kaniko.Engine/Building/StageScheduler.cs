using System.Globalization;
using System.Runtime.ExceptionServices;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Runs the stages the target needs, each as soon as the stages it starts from or copies from are
/// built, so independent stages run in parallel. The first failure cancels the rest and is the
/// one reported.
/// </summary>
internal sealed class StageScheduler(
    StagePlan plan,
    StageExecutor executor,
    Func<BuildStage, CancellationToken, Task<LocalImage>> resolveBase,
    Func<string, CancellationToken, Task<LocalImage>> resolveImage,
    string workDirectory,
    char escape,
    IReadOnlyDictionary<string, string> targetLabels,
    ILogger logger)
{
    public async Task<BuiltStage> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var skipped in plan.Stages.Except(plan.Needed))
        {
            logger.LogInformation("Skipping stage {Stage}: the target stage does not need it", skipped.Name ?? skipped.Index.ToString(CultureInfo.InvariantCulture));
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Dictionary<int, Task<BuiltStage>>();
        var fromSources = new FromSources(reference => FindStage(tasks, reference), resolveImage, Path.Combine(workDirectory, "images"), logger);

        // Needed stages come dependencies first, so every dependency's task exists already.
        foreach (var stage in plan.Needed)
        {
            var dependencies = stage.StageDependencies.Append(stage.BaseStage ?? -1).Where(tasks.ContainsKey).Select(i => tasks[i]).ToList();
            tasks[stage.Index] = BuildAfterAsync(stage, dependencies, fromSources, failed);
        }

        try
        {
            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Values.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException) is { } first)
        {
            ExceptionDispatchInfo.Throw(first.Exception!.InnerException!);
        }

        return await tasks[plan.Target.Index].ConfigureAwait(false);
    }

    private async Task<BuiltStage> BuildAfterAsync(BuildStage stage, List<Task<BuiltStage>> dependencies, FromSources fromSources, CancellationTokenSource failed)
    {
        try
        {
            await Task.WhenAll(dependencies).ConfigureAwait(false);
            var baseBuilt = stage.BaseStage is { } baseStage
                ? await dependencies.First(d => d.Result.Index == baseStage).ConfigureAwait(false)
                : null;
            var baseImage = baseBuilt?.Image ?? await resolveBase(stage, failed.Token).ConfigureAwait(false);
            return await executor.BuildAsync(
                new StageToBuild
                {
                    Plan = stage,
                    BaseImage = baseImage,
                    BaseStageKey = baseBuilt?.CacheKey,
                    RootPath = Path.Combine(workDirectory, "stages", stage.Index.ToString(CultureInfo.InvariantCulture)),
                    Variables = plan.NewStageVariables(),
                    FromSources = fromSources,
                    Escape = escape,
                    ExtraLabels = stage == plan.Target ? targetLabels : new Dictionary<string, string>(),
                    ReadByLaterStages = plan.Needed.Any(other => other.StageDependencies.Contains(stage.Index)),
                },
                failed.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Task<BuiltStage>? FindStage(Dictionary<int, Task<BuiltStage>> tasks, string reference)
    {
        var stage = int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? plan.Stages.ElementAtOrDefault(index)
            : plan.Stages.FirstOrDefault(s => string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase));
        return stage is not null && tasks.TryGetValue(stage.Index, out var task) ? task : null;
    }
}
