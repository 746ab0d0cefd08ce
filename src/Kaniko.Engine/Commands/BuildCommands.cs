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
        RunInstruction run => new RunCommand(run),
        FromInstruction => throw new DockerfileException("KANIKO3001", instruction.Location, "Multi-stage builds (a second FROM) are not supported yet."),
        _ => throw new DockerfileException("KANIKO3001", instruction.Location, $"{instruction.GetType().Name.Replace("Instruction", "", StringComparison.Ordinal).ToUpperInvariant()} is not supported yet."),
    };
}
