using Kaniko.Engine.Server;

namespace Kaniko.Tasks;

/// <summary>The build server's process: the task assembly run with <c>dotnet exec</c> (it touches no MSBuild type).</summary>
internal static class BuildServerEntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        if (await BuildServerProgram.RunIfAskedAsync(args).ConfigureAwait(false) is { } exitCode)
        {
            return exitCode;
        }

        await Console.Error.WriteLineAsync($"Kaniko.Tasks is an MSBuild task assembly; run as a program it only serves builds ({BuildServerProgram.ServerFlag} SOCKET IDLE_SECONDS).").ConfigureAwait(false);
        return 2;
    }
}
