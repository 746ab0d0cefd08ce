using System.Globalization;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The stages of a Dockerfile as the executor will run them: the global ARGs before the first FROM
/// (visible to FROM lines only, unless a stage redeclares them), each stage's base and dependencies
/// (<c>FROM &lt;stage&gt;</c>, <c>COPY --from</c>, <c>RUN --mount=from=</c>), the target (--target or
/// the last stage), only the stages the target needs in an order that runs dependencies first, and
/// the --build-arg values no ARG consumed.
/// </summary>
public sealed class StagePlan
{
    private Func<StageVariables> _newStageVariables = null!;

    private StagePlan(
        IReadOnlyDictionary<string, string> globalArguments,
        IReadOnlyList<BuildStage> stages,
        BuildStage target,
        IReadOnlyList<BuildStage> needed,
        IReadOnlyList<string> unusedBuildArguments,
        IReadOnlyDictionary<string, string> proxyArguments)
    {
        GlobalArguments = globalArguments;
        Stages = stages;
        Target = target;
        Needed = needed;
        UnusedBuildArguments = unusedBuildArguments;
        ProxyArguments = proxyArguments;
    }

    /// <summary>The ARGs before the first FROM with their values (unset ones are absent).</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<BuildStage> Stages { get; }

    public BuildStage Target { get; }

    /// <summary>The target and the stages it needs, dependencies first.</summary>
    public IReadOnlyList<BuildStage> Needed { get; }

    /// <summary>--build-arg names no ARG declared (proxy ARGs excepted): worth a warning.</summary>
    public IReadOnlyList<string> UnusedBuildArguments { get; }

    /// <summary>Proxy --build-arg values: RUN sees them without an ARG; the history never shows them.</summary>
    public IReadOnlyDictionary<string, string> ProxyArguments { get; }

    /// <summary>A fresh variable scope for one stage's body, seeded with the global ARGs, for the executor to walk.</summary>
    public StageVariables NewStageVariables() => _newStageVariables();

    public static StagePlan Create(Dockerfile dockerfile, StagePlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(options);

        var buildArguments = ResolveBuildArguments(options);
        var automatic = PredefinedArguments.Platform(options.TargetPlatform, options.BuildPlatform);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var global = new StageVariables(new Dictionary<string, string>(), buildArguments, automatic, consumed, dockerfile.Escape);
        var index = 0;
        for (; index < dockerfile.Instructions.Count && dockerfile.Instructions[index] is ArgInstruction arg; index++)
        {
            global.Apply(arg);
        }

        var globals = new Dictionary<string, string>(global.Arguments, StringComparer.Ordinal);
        var fromEnvironment = new Dictionary<string, string>(automatic, StringComparer.Ordinal);
        foreach (var (name, value) in globals)
        {
            fromEnvironment[name] = value;
        }

        var stages = new List<BuildStage>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        while (index < dockerfile.Instructions.Count)
        {
            var from = (FromInstruction)dockerfile.Instructions[index++];
            var body = new List<Instruction>();
            while (index < dockerfile.Instructions.Count && dockerfile.Instructions[index] is not FromInstruction)
            {
                body.Add(dockerfile.Instructions[index++]);
            }

            var stage = PlanStage(stages.Count, from, body, names, fromEnvironment, new StageVariables(globals, buildArguments, automatic, consumed, dockerfile.Escape), dockerfile.Escape);
            if (stage.Name is { } name)
            {
                names[name] = stage.Index;
            }

            stages.Add(stage);
        }

        var target = options.Target is null
            ? stages[^1]
            : stages.FirstOrDefault(s => string.Equals(s.Name, options.Target, StringComparison.OrdinalIgnoreCase))
              ?? throw new DockerfileException(
                  DockerfileErrorCode.InvalidStage,
                  new SourceLocation(dockerfile.FileName, 1, 1),
                  $"target stage \"{options.Target}\" could not be found (stages: {string.Join(", ", stages.Select(s => s.Name ?? s.Index.ToString(CultureInfo.InvariantCulture)))})");

        var unused = buildArguments.Keys
            .Where(name => !consumed.Contains(name) && !PredefinedArguments.ProxyNames.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var proxies = buildArguments
            .Where(pair => PredefinedArguments.ProxyNames.Contains(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return new StagePlan(globals, stages, target, NeededBy(target, stages), unused, proxies)
        {
            _newStageVariables = () => new StageVariables(globals, buildArguments, automatic, new HashSet<string>(), dockerfile.Escape),
        };
    }

    private static BuildStage PlanStage(
        int index,
        FromInstruction from,
        List<Instruction> body,
        Dictionary<string, int> names,
        Dictionary<string, string> fromEnvironment,
        StageVariables variables,
        char escape)
    {
        var baseName = Expand(from.Image, fromEnvironment, escape, from.Location);
        if (baseName.Length == 0)
        {
            throw new DockerfileException(
                DockerfileErrorCode.InvalidArguments, from.Location, $"base name ({from.Image}) should not be blank: set the ARG it uses or give it a default");
        }

        int? baseStage = names.TryGetValue(baseName.ToLowerInvariant(), out var earlier) ? earlier : null;
        var platform = from.Platform is null ? null : Expand(from.Platform, fromEnvironment, escape, from.Location);
        var stageDependencies = new SortedSet<int>();
        var images = new List<string>();
        foreach (var instruction in body)
        {
            variables.Apply(instruction);
            foreach (var reference in FromReferences(instruction))
            {
                var expanded = variables.Expand(reference, instruction.Location);
                if (ResolveStage(expanded, index, names, instruction) is { } stage)
                {
                    stageDependencies.Add(stage);
                }
                else
                {
                    images.Add(expanded);
                }
            }
        }

        return new BuildStage(index, from.StageName, from, baseName, baseStage, platform, body, [.. stageDependencies], images);
    }

    private static IEnumerable<string> FromReferences(Instruction instruction) => instruction switch
    {
        CopyInstruction { From: { } from } => [from],
        RunInstruction run => run.Mounts.Select(m => m.Options.GetValueOrDefault("from")).OfType<string>(),
        _ => [],
    };

    private static int? ResolveStage(string reference, int current, Dictionary<string, int> names, Instruction instruction)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number < current
                ? number
                : throw new DockerfileException(
                    DockerfileErrorCode.InvalidStage, instruction.Location, $"--from={reference} refers to stage {number}, which is not before this stage ({current})");
        }

        return names.TryGetValue(reference.ToLowerInvariant(), out var stage) ? stage : null;
    }

    private static List<BuildStage> NeededBy(BuildStage target, List<BuildStage> stages)
    {
        var needed = new SortedSet<int>();
        var pending = new Stack<int>([target.Index]);
        while (pending.TryPop(out var index))
        {
            if (!needed.Add(index))
            {
                continue;
            }

            var stage = stages[index];
            if (stage.BaseStage is { } baseStage)
            {
                pending.Push(baseStage);
            }

            foreach (var dependency in stage.StageDependencies)
            {
                pending.Push(dependency);
            }
        }

        // Dependencies always come earlier in the file, so file order runs them first.
        return needed.Select(index => stages[index]).ToList();
    }

    private static Dictionary<string, string> ResolveBuildArguments(StagePlanOptions options)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in options.BuildArguments)
        {
            if ((value ?? options.EnvironmentVariable(name)) is { } actual)
            {
                resolved[name] = actual;
            }
        }

        return resolved;
    }

    private static string Expand(string word, IReadOnlyDictionary<string, string> environment, char escape, SourceLocation location)
    {
        try
        {
            return ShellWordExpander.Expand(word, environment, escape);
        }
        catch (KanikoException error) when (error is not DockerfileException)
        {
            throw new DockerfileException(DockerfileErrorCode.InvalidWord, location, error.Message, error);
        }
    }
}
