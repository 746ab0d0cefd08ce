using System.Diagnostics;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Sandbox;
using Kaniko.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Commands;

/// <summary>
/// RUN: the command runs in the sandbox over an overlay whose lower folder is the stage root; the
/// overlay's upper folder is the layer, and is then moved onto the root. A failing command leaves
/// the root as it was. With the walking snapshotter (forced, or where overlay is refused) the command
/// runs on the root itself and walks before and after find the layer; a failure then leaves the root changed.
/// Its key adds <c>variable</c> NAME=VALUE for every declared ARG in scope and proxy --build-arg (ENV is
/// in the config; a --build-arg no ARG declares is not there, so it never changes a key); with a bind
/// mount it has none: what the mount shows the command is not known before it runs.
/// </summary>
internal sealed class RunCommand(RunInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override bool MetadataOnly => false;

    public override bool ReadsBaseFiles => true;

    public override LayerCacheRule CacheRule => LayerCacheRule.RunLayers;

    protected override IReadOnlyList<Heredoc> Heredocs => instruction.Heredocs;

    public override async Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
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
        using var mounts = await RunMounts.PrepareAsync(instruction, stage, cancellationToken).ConfigureAwait(false);
        command = command with { Mounts = mounts.Mounts, Environment = [.. command.Environment, .. mounts.Environment] };
        var entries = await RunAndSnapshotAsync(stage, command, mounts, cancellationToken).ConfigureAwait(false);
        // As BuildKit does, a command that changed nothing adds no layer.
        return entries.Count == 0 ? CommandResult.Metadata(createdBy) : CommandResult.FromEntries(createdBy, entries);
    }

    protected override Task<bool> AddInputFieldsAsync(CacheKeyEncoding key, StageState stage, CancellationToken cancellationToken)
    {
        if (instruction.Mounts.Any(mount => mount.Type == "bind"))
        {
            return Task.FromResult(false);
        }

        key.AddSorted("variable", stage.Variables.Arguments.Concat(stage.Variables.ProxyArguments).Select(pair => pair.Key + "=" + pair.Value).Distinct());
        return Task.FromResult(true);
    }

    private async Task<IReadOnlyList<LayerEntry>> RunAndSnapshotAsync(StageState stage, SandboxedCommand command, RunMounts mounts, CancellationToken cancellationToken)
    {
        var ignore = SnapshotIgnoreList.Sandbox.With(mounts.CreatedMountPoints).With(mounts.Targets);
        if (stage.Run.Snapshotter == SnapshotterKind.Overlay && !stage.OverlayRefusal.Refused)
        {
            try
            {
                return await RunOverOverlayAsync(stage, command, ignore, cancellationToken).ConfigureAwait(false);
            }
            catch (KanikoException refused) when (refused.Code == SandboxErrorCode.SetupFailed && refused.Message.Contains(SandboxEntryScript.OverlayRefused, StringComparison.Ordinal))
            {
                // The mount is the sandbox's first step: the command has not run yet.
                stage.OverlayRefusal.Record();
                stage.Logger.LogWarning("Overlay cannot be mounted here ({Reason}); RUN falls back to the walking snapshotter (--snapshot-mode {Mode}) for the rest of this build", refused.Message, stage.Run.SnapshotMode.ToString().ToLowerInvariant());
            }
        }

        return await RunOnRootAsync(stage, command, ignore, mounts.CreatedMountPoints, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<LayerEntry>> RunOverOverlayAsync(StageState stage, SandboxedCommand command, SnapshotIgnoreList ignore, CancellationToken cancellationToken)
    {
        using var root = SandboxRoot.Overlay(stage.Root.HostPath, Scratch(stage));
        await RunAsync(stage, command, root, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        // The layer writer fixes mtimes itself when the build is reproducible.
        var entries = new OverlaySnapshotter(ignore, reproducible: false).Commit(root.Upper!, stage.Root);
        stage.Logger.LogDebug("Overlay snapshot: {Entries} entries in {Milliseconds} ms", entries.Count, clock.Elapsed.TotalMilliseconds);
        return entries;
    }

    private async Task<IReadOnlyList<LayerEntry>> RunOnRootAsync(StageState stage, SandboxedCommand command, SnapshotIgnoreList ignore, IReadOnlyList<string> mountPoints, CancellationToken cancellationToken)
    {
        var snapshotter = new WalkingSnapshotter(ignore, stage.Run.SnapshotMode, reproducible: false);
        var clock = Stopwatch.StartNew();
        var before = snapshotter.Capture(stage.Root);
        var captured = clock.Elapsed;
        var placeholders = SandboxPlaceholders.Missing(stage.Root.HostPath);
        using (var root = SandboxRoot.Direct(stage.Root.HostPath, Scratch(stage)))
        {
            try
            {
                await RunAsync(stage, command, root, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                SandboxPlaceholders.Remove(stage.Root.HostPath, placeholders.Concat(mountPoints));
            }
        }

        clock.Restart();
        var entries = snapshotter.Commit(before, stage.Root);
        stage.Logger.LogDebug(
            "Walking snapshot ({Mode}): {Entries} entries, {Milliseconds} ms ({Before} ms before the command, {After} ms after)",
            stage.Run.SnapshotMode, entries.Count, (captured + clock.Elapsed).TotalMilliseconds, captured.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        return entries;
    }

    private async Task RunAsync(StageState stage, SandboxedCommand command, SandboxRoot root, CancellationToken cancellationToken)
    {
        var exit = await new NamespaceSandbox(stage.Logger).RunAsync(command, root, cancellationToken).ConfigureAwait(false);
        try
        {
            exit.ThrowIfFailed(command.Display);
        }
        catch (KanikoException failure)
        {
            throw new DockerfileException(failure.Code, instruction.Location, failure.Message);
        }
    }

    private static string Scratch(StageState stage) =>
        Path.Combine(Path.GetDirectoryName(stage.Root.HostPath)!, "run-" + Guid.NewGuid().ToString("N"));

    private static List<string> Environment(StageState stage, SandboxUser user)
    {
        var environment = stage.ContainerConfig.Env?.ToList() ?? [];
        // ARGs in scope are visible to the command (ENV of the same name wins) but never enter the image.
        var declared = environment.Select(entry => entry.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
        environment.AddRange(stage.Variables.Arguments.Where(argument => !declared.Contains(argument.Key)).Select(argument => $"{argument.Key}={argument.Value}"));
        declared.UnionWith(stage.Variables.Arguments.Keys);
        // Proxy --build-args need no ARG (BuildKit's predefined ARGs); like ARGs they stay out of the image.
        environment.AddRange(stage.Variables.ProxyArguments.Where(proxy => !declared.Contains(proxy.Key)).Select(proxy => $"{proxy.Key}={proxy.Value}"));
        if (!environment.Any(entry => entry.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            environment.Add("PATH=" + ContainerConfig.DefaultPath);
        }

        if (user.Uid == 0 && !environment.Any(entry => entry.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            environment.Add("HOME=/root");
        }

        return environment;
    }
}
