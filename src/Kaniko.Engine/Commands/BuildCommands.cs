using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>The command for each instruction a stage can run: a new instruction adds its line here and its command's file.</summary>
internal static class BuildCommands
{
    public static BuildCommand Create(Instruction instruction) => instruction switch
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
        _ => throw new InvalidOperationException($"{instruction.GetType().Name} has no command: FROM starts a stage, which the stage plan handles."),
    };
}
