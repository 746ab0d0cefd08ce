using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>One line per instruction, so a table row can state a whole parse result.</summary>
internal static class InstructionDescription
{
    public static string Describe(Dockerfile dockerfile) =>
        string.Join(" ; ", dockerfile.Instructions.Select(Describe));

    public static string Describe(Instruction instruction) =>
        $"{instruction.Location.Line}:{instruction.Location.Column} " + instruction switch
        {
            FromInstruction from => $"FROM {from.Image} as={from.StageName ?? "-"} platform={from.Platform ?? "-"}",
            CopyInstruction copy =>
                $"COPY {string.Join(",", copy.Sources)} -> {copy.Destination} chown={copy.Chown ?? "-"} chmod={copy.Chmod ?? "-"} from={copy.From ?? "-"}",
            EnvInstruction env => "ENV " + Pairs(env.Variables),
            LabelInstruction label => "LABEL " + Pairs(label.Labels),
            WorkdirInstruction workdir => $"WORKDIR {workdir.Path}",
            UserInstruction user => $"USER {user.User}",
            ExposeInstruction expose => "EXPOSE " + string.Join(",", expose.Ports),
            EntrypointInstruction entrypoint => $"ENTRYPOINT {Form(entrypoint.IsExecForm)} {string.Join("|", entrypoint.Arguments)}",
            CmdInstruction cmd => $"CMD {Form(cmd.IsExecForm)} {string.Join("|", cmd.Arguments)}",
            _ => instruction.GetType().Name,
        };

    private static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(" ", pairs.Select(pair => $"[{pair.Key}]=[{pair.Value}]"));

    private static string Form(bool isExecForm) => isExecForm ? "exec" : "shell";
}
