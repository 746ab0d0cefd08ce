namespace Kaniko.Engine.Sandbox;

/// <summary>How a sandboxed process ended, and what it printed last.</summary>
public sealed record SandboxExit(int ExitCode, IReadOnlyList<string> LastLines)
{
    /// <summary>A non-zero exit fails the build with the command, its code and its last lines.</summary>
    public void ThrowIfFailed(string command)
    {
        if (ExitCode != 0)
        {
            var tail = LastLines.Count == 0 ? " It printed nothing." : " Its last lines:\n" + string.Join('\n', LastLines.Select(line => "  " + line));
            throw new KanikoException(SandboxErrorCode.CommandFailed, $"The command '{command}' returned a non-zero code: {ExitCode}.{tail}");
        }
    }
}
