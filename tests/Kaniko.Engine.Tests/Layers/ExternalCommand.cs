using System.Diagnostics;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>Runs GNU tools (tar, sha256sum, stat) as independent witnesses of what the engine wrote.</summary>
internal static class ExternalCommand
{
    public static string Bash(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TZ"] = "UTC";
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"'{script}' failed: {error}");
        return output.Result;
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
