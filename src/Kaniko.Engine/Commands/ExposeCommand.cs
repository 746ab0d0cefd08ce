using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class ExposeCommand(ExposeInstruction instruction) : IBuildCommand
{
    public Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var ports = stage.ContainerConfig.ExposedPorts ??= new(StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var port in instruction.Ports.SelectMany(p => words.Split(p)))
        {
            var normalized = Normalize(port, instruction);
            ports[normalized] = new();
            added.Add(normalized);
        }

        added.Sort(StringComparer.Ordinal);
        return Task.FromResult(CommandResult.Metadata("EXPOSE map[" + string.Join(' ', added.Select(p => p + ":{}")) + "]"));
    }

    private static string Normalize(string port, ExposeInstruction instruction)
    {
        var parts = port.Split('/', 2);
        var protocol = parts.Length == 2 ? parts[1].ToLowerInvariant() : "tcp";
        if (!int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > 65535 || protocol is not ("tcp" or "udp" or "sctp"))
        {
            var where = instruction.Location;
            throw new DockerfileException("KANIKO3101", where, $"EXPOSE: '{port}' is not a port; use NUMBER or NUMBER/tcp|udp|sctp.");
        }

        return $"{number}/{protocol}";
    }
}
