using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Sandbox;
using Kaniko.Engine.Snapshots;

namespace Kaniko.Engine.Commands;

/// <summary>
/// RUN: the command runs in the sandbox over an overlay whose lower folder is the stage root; the
/// overlay's upper folder is the layer, and is then moved onto the root. A failing command leaves
/// the root as it was.
/// </summary>
internal sealed class RunCommand(RunInstruction instruction) : IBuildCommand
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public async Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var script = RunScript.For(instruction, stage.Shell);
        var user = SandboxUser.Resolve(stage.Root, stage.ContainerConfig.User);
        var command = new SandboxedCommand
        {
            Arguments = script.Arguments,
            Environment = Environment(stage, user),
            WorkingDirectory = stage.WorkingDirectory,
            User = user,
            IsolateNetwork = instruction.Network == "none",
            Scripts = script.Files,
            LogPrefix = "  | ",
        };
        var createdBy = "RUN " + string.Join(' ', script.HistoryArguments) + " # buildkit";
        var scratch = Path.Combine(Path.GetDirectoryName(stage.Root.HostPath)!, "run-" + Guid.NewGuid().ToString("N"));
        using var root = SandboxRoot.Overlay(stage.Root.HostPath, scratch);
        var exit = await new NamespaceSandbox(stage.Logger).RunAsync(command, root, cancellationToken).ConfigureAwait(false);
        try
        {
            exit.ThrowIfFailed(command.Display);
        }
        catch (KanikoException failure)
        {
            throw new DockerfileException(failure.Code, instruction.Location, failure.Message);
        }

        // The layer writer fixes mtimes itself when the build is reproducible.
        var entries = new OverlaySnapshotter(SnapshotIgnoreList.Sandbox, reproducible: false).Commit(root.Upper!, stage.Root);
        // As BuildKit does, a command that changed nothing adds no layer.
        return entries.Count == 0 ? CommandResult.Metadata(createdBy) : CommandResult.FromEntries(createdBy, entries);
    }

    private static List<string> Environment(StageState stage, SandboxUser user)
    {
        var environment = stage.ContainerConfig.Env?.ToList() ?? [];
        // ARGs in scope are visible to the command (ENV of the same name wins) but never enter the image.
        var declared = environment.Select(entry => entry.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
        environment.AddRange(stage.Variables.Arguments.Where(argument => !declared.Contains(argument.Key)).Select(argument => $"{argument.Key}={argument.Value}"));
        if (!environment.Any(entry => entry.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            environment.Add("PATH=" + DefaultPath);
        }

        if (user.Uid == 0 && !environment.Any(entry => entry.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            environment.Add("HOME=/root");
        }

        return environment;
    }
}
