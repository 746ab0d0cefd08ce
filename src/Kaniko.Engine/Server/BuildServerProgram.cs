namespace Kaniko.Engine.Server;

/// <summary>The command line a build server process is started with: <c>--kaniko-build-server SOCKET IDLE_SECONDS</c>.</summary>
public static class BuildServerProgram
{
    public const string ServerFlag = "--kaniko-build-server";

    /// <summary>Runs the server when <paramref name="arguments"/> ask for it; null when they do not.</summary>
    public static async Task<int?> RunIfAskedAsync(string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments is not [ServerFlag, var socket, var idleSeconds])
        {
            return null;
        }

        return await BuildServerHost.RunAsync(socket, TimeSpan.FromSeconds(int.Parse(idleSeconds, System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
    }
}
