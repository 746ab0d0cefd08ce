using System.CommandLine;
using Kaniko.Engine;
using Kaniko.Engine.Server;

namespace Kaniko.Tool;

/// <summary>
/// <c>dotnet kaniko build-server shutdown</c>: stops the build servers that <c>dotnet publish</c>
/// started in this environment's socket folder, as <c>dotnet build-server shutdown</c> does for the SDK's.
/// </summary>
internal static class BuildServerCommandLine
{
    public static Command Create()
    {
        var shutdown = new Command("shutdown", "Stop the Kaniko build servers of this environment (each finishes its running builds first).");
        shutdown.SetAction(async (_, _) =>
        {
            if (BuildServerAddress.Folder(EnvironmentSnapshot.Take()) is not { } folder)
            {
                await Console.Out.WriteLineAsync("No build server folder in this environment.").ConfigureAwait(false);
                return BuildCommandLine.Succeeded;
            }

            var stopped = BuildServerShutdown.StopAll(folder);
            await Console.Out.WriteLineAsync($"Stopped {stopped} Kaniko build server{(stopped == 1 ? "" : "s")} in {folder}.").ConfigureAwait(false);
            return BuildCommandLine.Succeeded;
        });
        return new Command("build-server", "Manage the Kaniko build servers that dotnet publish -p:KanikoPublish=true builds in.") { shutdown };
    }
}
