using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Commands;

/// <summary>The stage being built: its root folder, its build context and the config so far.</summary>
public sealed class StageState
{
    public StageState(RootDirectory root, BuildContextDirectory context, ImageConfig config, ILogger logger)
    {
        Root = root;
        Context = context;
        Config = config;
        Logger = logger;
        Config.Config ??= new ContainerConfig();
    }

    public RootDirectory Root { get; }

    /// <summary>Where commands keep temporary files: beside the stage roots, in the build's work folder, so a killed build's go with that folder.</summary>
    public string ScratchDirectory => Path.GetDirectoryName(Root.HostPath)!;

    public BuildContextDirectory Context { get; }

    public ImageConfig Config { get; }

    public ContainerConfig ContainerConfig => Config.Config!;

    public ILogger Logger { get; }

    /// <summary>Whether CMD was set in this stage: an ENTRYPOINT only clears an inherited CMD.</summary>
    public bool CmdSetInStage { get; set; }

    public string WorkingDirectory =>
        string.IsNullOrEmpty(ContainerConfig.WorkingDir) ? "/" : ContainerConfig.WorkingDir;

    /// <summary>The Dockerfile's escape character (<c>\</c> unless <c># escape=</c> says otherwise).</summary>
    public char Escape { get; init; } = '\\';

    /// <summary>The ARGs in scope (from the stage plan: global ARGs, --build-arg values).</summary>
    public StageVariables Variables { get; init; } = new(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), new HashSet<string>(), '\\');

    /// <summary>Where <c>COPY --from</c> finds an earlier stage's or an image's files; null when nothing is available.</summary>
    public IFromSources? FromSources { get; init; }

    /// <summary>How RUN executes and snapshots (the build's --snapshotter, --snapshot-mode, --secret ...).</summary>
    public Sandbox.RunOptions Run { get; init; } = new();

    /// <summary>Whether this build was refused an overlay mount already: the same for every stage of a build, fresh for the next build.</summary>
    public OverlayRefusal OverlayRefusal { get; init; } = new();

    /// <summary>The stage's name (or index) for logs.</summary>
    public string StageName { get; init; } = "";

    /// <summary>The shell shell-form CMD, ENTRYPOINT and RUN use: SHELL's, else <c>/bin/sh -c</c>.</summary>
    public IReadOnlyList<string> Shell => ContainerConfig.Shell is { Count: > 0 } shell ? shell : ShellForm.DefaultShell;

    /// <summary>Words expand with the declared ARGs, overridden by the environment (ENV wins over ARG).</summary>
    public StageWords Words()
    {
        var merged = new Dictionary<string, string>(Variables.Arguments, StringComparer.Ordinal);
        foreach (var (name, value) in Environment())
        {
            merged[name] = value;
        }

        return new StageWords(merged, Escape);
    }

    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ContainerConfig.Env ?? [])
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                environment[entry[..separator]] = entry[(separator + 1)..];
            }
        }

        return environment;
    }

    public void SetEnvironment(string name, string value)
    {
        var env = ContainerConfig.Env ??= [];
        var prefix = name + "=";
        var index = env.FindIndex(entry => entry.StartsWith(prefix, StringComparison.Ordinal));
        if (index >= 0)
        {
            env[index] = prefix + value;
        }
        else
        {
            env.Add(prefix + value);
        }
    }

    /// <summary>
    /// A copy to plan the layer cache's keys on: its own config and variables, which the commands'
    /// effects on the config change as planning goes; the same root, context and sources, which it never writes.
    /// </summary>
    public StageState ForPlanning() => new(Root, Context, Config.Clone(), Logger)
    {
        Escape = Escape,
        Variables = Variables.Clone(),
        FromSources = FromSources,
        StageName = StageName,
        Run = Run,
        CmdSetInStage = CmdSetInStage,
    };

    /// <summary>An image path for <paramref name="path"/>: absolute as is, else under WORKDIR.</summary>
    public string ToImagePath(string path) =>
        RootDirectory.Normalize(path.StartsWith('/') ? path : WorkingDirectory + "/" + path);
}
