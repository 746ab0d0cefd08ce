using System.CommandLine;

namespace Kaniko.Tool;

internal static class KanikoCommandLine
{
    /// <summary>The exit code of a command line that does not parse (unknown flag, bad value).</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Kaniko: builds container images from Dockerfiles without a Docker engine.")
        {
            BuildCommandLine.Create(),
            ParseCommandLine.Create(),
            RunCommandLine.Create(),
            InitCommandLine.Create(),
            WarmCommandLine.Create(),
            BuildServerCommandLine.Create(),
            CacheCommandLine.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'dotnet kaniko build --help' for the flags.").ConfigureAwait(false);
            return UsageError;
        }

        // Our own signal handling instead of System.CommandLine's, which exits on a timer while the clean-up still runs.
        using var signals = new TerminationSignals();
        var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token).ConfigureAwait(false);
        return signals.ExitCode ?? exitCode;
    }
}
