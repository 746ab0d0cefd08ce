using Kaniko.Engine.Contexts;
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

    public StageWords Words() => new(Environment(), Escape);

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

    /// <summary>An image path for <paramref name="path"/>: absolute as is, else under WORKDIR.</summary>
    public string ToImagePath(string path) =>
        RootDirectory.Normalize(path.StartsWith('/') ? path : WorkingDirectory + "/" + path);
}
