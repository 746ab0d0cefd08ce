using System.Runtime.InteropServices;

namespace Kaniko.Engine.Sandbox;

/// <summary>
/// Where the sandbox's entry helper (<c>Native/kaniko-sandbox-enter.c</c>, built per architecture) lies:
/// <c>kaniko-sandbox/RID/</c> beside the engine's assembly, in every output, publish folder and package.
/// </summary>
internal static class SandboxHelper
{
    private const string FileName = "kaniko-sandbox-enter";

    public static string Locate()
    {
        var rid = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "linux-x64",
            Architecture.Arm64 => "linux-arm64",
            var other => throw new KanikoException(SandboxErrorCode.Unavailable, $"RUN is not available on {other}: the sandbox helper is built for x64 and arm64 only."),
        };
        var folder = Path.GetDirectoryName(typeof(SandboxHelper).Assembly.Location) ?? AppContext.BaseDirectory;
        var path = Path.Combine(folder, "kaniko-sandbox", rid, FileName);
        if (!File.Exists(path))
        {
            throw new KanikoException(SandboxErrorCode.Unavailable, $"RUN needs the sandbox helper {path}, which this installation lacks; reinstall Kaniko.");
        }

        EnsureExecutable(path);
        return path;
    }

    // A NuGet package does not keep file modes: an installed helper arrives without its execute bits.
    private static void EnsureExecutable(string path)
    {
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}
