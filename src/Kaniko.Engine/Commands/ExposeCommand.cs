using System.Globalization;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>EXPOSE ports: <c>80</c>, <c>80/udp</c>, ranges like <c>8000-8002/tcp</c>, after expansion.</summary>
internal sealed class ExposeCommand(ExposeInstruction instruction) : BuildCommand
{
    private const int MaximumRange = 65535;

    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var ports = stage.ContainerConfig.ExposedPorts ??= new(StringComparer.Ordinal);
        var added = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var port in instruction.Ports.SelectMany(p => words.Split(p)).SelectMany(Expand))
        {
            ports[port] = new();
            added.Add(port);
        }

        // BuildKit prints the Go map of ports: sorted, each once.
        return Task.FromResult(CommandResult.Metadata("EXPOSE map[" + string.Join(' ', added.Select(p => p + ":{}")) + "]"));
    }

    private IEnumerable<string> Expand(string port)
    {
        var parts = port.Split('/', 2);
        var protocol = parts.Length == 2 ? parts[1].ToLowerInvariant() : "tcp";
        var range = parts[0].Split('-', 2);
        if (!TryParsePort(range[0], out var first) || !TryParsePort(range[^1], out var last) || last < first || last - first > MaximumRange
            || protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new DockerfileException(DockerfileErrorCode.InvalidPort, instruction.Location, $"EXPOSE: '{port}' is not a port; use NUMBER, FIRST-LAST, each optionally /tcp, /udp or /sctp.");
        }

        return Enumerable.Range(first, last - first + 1).Select(number => string.Create(CultureInfo.InvariantCulture, $"{number}/{protocol}"));
    }

    private static bool TryParsePort(string text, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number is >= 1 and <= 65535;
}
