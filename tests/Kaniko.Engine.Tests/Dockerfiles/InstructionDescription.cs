using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>One line per instruction, so a table row can state a whole parse result.</summary>
internal static class InstructionDescription
{
    public static string Describe(Dockerfile dockerfile) =>
        string.Join(" ; ", dockerfile.Instructions.Select(Describe));

    public static string Describe(Instruction instruction) =>
        $"{instruction.Location.Line}:{instruction.Location.Column} " + Body(instruction);

    private static string Body(Instruction instruction) => instruction switch
    {
        FromInstruction from => $"FROM {from.Image} as={from.StageName ?? "-"} platform={from.Platform ?? "-"}",
        CopyInstruction copy =>
            $"COPY {string.Join(",", copy.Sources)} -> {copy.Destination} chown={copy.Chown ?? "-"} chmod={copy.Chmod ?? "-"} from={copy.From ?? "-"}"
            + (copy.Link ? " link" : "") + (copy.Parents ? " parents" : "")
            + string.Concat(copy.Exclude.Select(e => $" exclude={e}")) + Heredocs(copy.Heredocs),
        AddInstruction add =>
            $"ADD {string.Join(",", add.Sources)} -> {add.Destination} chown={add.Chown ?? "-"} chmod={add.Chmod ?? "-"} checksum={add.Checksum ?? "-"}"
            + (add.Link ? " link" : "") + (add.KeepGitDir ? " keep-git-dir" : "")
            + string.Concat(add.Exclude.Select(e => $" exclude={e}")) + Heredocs(add.Heredocs),
        RunInstruction run =>
            $"RUN {Form(run.IsExecForm)} {string.Join("|", run.Arguments)}"
            + string.Concat(run.Mounts.Select(m => $" mount={m.Type}{string.Concat(m.Options.Select(o => $",{o.Key}={o.Value}"))}"))
            + (run.Network is null ? "" : $" network={run.Network}") + (run.Security is null ? "" : $" security={run.Security}")
            + Heredocs(run.Heredocs),
        EnvInstruction env => "ENV " + Pairs(env.Variables),
        LabelInstruction label => "LABEL " + Pairs(label.Labels),
        ArgInstruction arg => "ARG " + string.Join(" ", arg.Arguments.Select(a => a.Default is null ? $"[{a.Name}]" : $"[{a.Name}]=[{a.Default}]")),
        WorkdirInstruction workdir => $"WORKDIR {workdir.Path}",
        UserInstruction user => $"USER {user.User}",
        ExposeInstruction expose => "EXPOSE " + string.Join(",", expose.Ports),
        VolumeInstruction volume => "VOLUME " + string.Join(",", volume.Paths),
        ShellInstruction shell => "SHELL " + string.Join("|", shell.Shell),
        StopSignalInstruction stop => $"STOPSIGNAL {stop.Signal}",
        MaintainerInstruction maintainer => $"MAINTAINER {maintainer.Name}",
        EntrypointInstruction entrypoint => $"ENTRYPOINT {Form(entrypoint.IsExecForm)} {string.Join("|", entrypoint.Arguments)}",
        CmdInstruction cmd => $"CMD {Form(cmd.IsExecForm)} {string.Join("|", cmd.Arguments)}",
        HealthCheckInstruction check => "HEALTHCHECK " + string.Join("|", check.Test)
            + (check.Interval is { } i ? $" interval={i}" : "") + (check.Timeout is { } t ? $" timeout={t}" : "")
            + (check.StartPeriod is { } p ? $" start-period={p}" : "") + (check.StartInterval is { } si ? $" start-interval={si}" : "")
            + (check.Retries is { } r ? $" retries={r}" : ""),
        OnBuildInstruction onBuild => $"ONBUILD [{onBuild.TriggerText}] {Body(onBuild.Trigger)}",
        _ => instruction.GetType().Name,
    };

    private static string Heredocs(IReadOnlyList<Heredoc> heredocs) =>
        string.Concat(heredocs.Select(h =>
            $" <<{(h.FileDescriptor is { } fd ? fd + ":" : "")}{h.Name}{(h.Expand ? "" : " raw")}{(h.Chomp ? " chomp" : "")}=[{h.Text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}]"));

    private static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(" ", pairs.Select(pair => $"[{pair.Key}]=[{pair.Value}]"));

    private static string Form(bool isExecForm) => isExecForm ? "exec" : "shell";
}
