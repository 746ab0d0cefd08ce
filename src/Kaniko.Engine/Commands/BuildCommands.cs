using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>The command class for each instruction a stage can run.</summary>
public static class BuildCommands
{
    public static IBuildCommand Create(Instruction instruction) => instruction switch
    {
        EnvInstruction env => new EnvCommand(env),
        LabelInstruction label => new LabelCommand(label),
        ExposeInstruction expose => new ExposeCommand(expose),
        UserInstruction user => new UserCommand(user),
        WorkdirInstruction workdir => new WorkdirCommand(workdir),
        EntrypointInstruction entrypoint => new EntrypointCommand(entrypoint),
        CmdInstruction cmd => new CmdCommand(cmd),
        CopyInstruction copy => new CopyCommand(copy),
        AddInstruction add => new AddCommand(add),
        ArgInstruction arg => new ArgCommand(arg),
        VolumeInstruction volume => new VolumeCommand(volume),
        ShellInstruction shell => new ShellCommand(shell),
        StopSignalInstruction stopSignal => new StopSignalCommand(stopSignal),
        HealthCheckInstruction healthCheck => new HealthCheckCommand(healthCheck),
        OnBuildInstruction onBuild => new OnBuildCommand(onBuild),
        MaintainerInstruction maintainer => new MaintainerCommand(maintainer),
        RunInstruction run => new RunCommand(run),
        FromInstruction => throw new InvalidOperationException("FROM starts a stage; the stage plan handles it, not a command."),
        _ => throw new DockerfileException(DockerfileErrorCode.UnsupportedInstruction, instruction.Location, $"{instruction.GetType().Name.Replace("Instruction", "", StringComparison.Ordinal).ToUpperInvariant()} is not supported yet."),
    };
}
