using System.Globalization;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>Sets the signal that stops the container: a name like SIGTERM or a number.</summary>
internal sealed class StopSignalCommand(StopSignalInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var signal = stage.Words().Expand(instruction.Signal);
        var isNumber = int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0;
        var isName = signal.StartsWith("SIG", StringComparison.Ordinal) && signal.Length > 3 && signal[3..].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '+' or '-');
        if (!isNumber && !isName)
        {
            throw new DockerfileException(DockerfileErrorCode.InvalidStopSignal, instruction.Location, $"STOPSIGNAL: '{signal}' is not a signal; use a name like SIGTERM or a number.");
        }

        stage.ContainerConfig.StopSignal = signal;
        return Task.FromResult(CommandResult.Metadata("STOPSIGNAL " + signal));
    }
}
