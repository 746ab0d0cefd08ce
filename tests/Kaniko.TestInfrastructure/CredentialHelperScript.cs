using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// A <c>docker-credential-NAME</c> shell script that answers <c>get</c> for one server URL with a
/// user name and secret, and fails like real helpers ("credentials not found") for any other.
/// It appends each server URL asked for to <c>asked.log</c> beside itself.
/// </summary>
public static class CredentialHelperScript
{
    /// <returns>The folder holding the script: put it on PATH.</returns>
    public static string Create(string directory, string name, string serverUrl, string username, string secret)
    {
        var bin = Path.Combine(directory, "helper-bin");
        Directory.CreateDirectory(bin);
        var script = Path.Combine(bin, "docker-credential-" + name);
        var log = Path.Combine(bin, "asked.log");
        var text = new StringBuilder();
        text.Append("#!/bin/sh\n");
        text.Append("[ \"$1\" = get ] || exit 2\n");
        text.Append("read -r server\n");
        text.Append("printf '%s\\n' \"$server\" >> ").Append(Quote(log)).Append('\n');
        text.Append("if [ \"$server\" = ").Append(Quote(serverUrl)).Append(" ]; then\n");
        text.Append("  printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$server\" ")
            .Append(Quote(username)).Append(' ').Append(Quote(secret)).Append('\n');
        text.Append("else\n  echo 'credentials not found in native keychain'\n  exit 1\nfi\n");
        File.WriteAllText(script, text.ToString());
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return bin;
    }

    /// <summary>The server URLs the helper in <paramref name="bin"/> was asked for.</summary>
    public static IReadOnlyList<string> Asked(string bin)
    {
        var log = Path.Combine(bin, "asked.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
