namespace Kaniko.IntegrationTests.Stopping;

/// <summary>
/// The processes on this machine whose command line holds a marker, read from /proc: a RUN or run
/// command given a marker unique to its test (<c>sleep 4711093</c>) can be found whoever its parent is.
/// </summary>
internal static class MarkedProcesses
{
    /// <summary>Every process whose arguments, joined by spaces, contain <paramref name="marker"/>.</summary>
    public static List<int> Find(string marker) =>
        [.. CommandLines().Where(process => string.Join(' ', process.Arguments).Contains(marker, StringComparison.Ordinal)).Select(process => process.Id)];

    /// <summary>Waits until a process runs exactly <paramref name="arguments"/> (the command itself, not the set-up that leads to it).</summary>
    public static async Task<bool> WaitForAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!CommandLines().Any(process => process.Arguments.SequenceEqual(arguments, StringComparer.Ordinal)))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>SIGKILLs what a failed test left running.</summary>
    public static void Kill(string marker)
    {
        foreach (var id in Find(marker))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(id);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // It exited meanwhile.
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static IEnumerable<(int Id, string[] Arguments)> CommandLines()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(folder);
            if (!name.All(char.IsAsciiDigit))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(folder, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            yield return (int.Parse(name, System.Globalization.CultureInfo.InvariantCulture), text.TrimEnd('\0').Split('\0'));
        }
    }
}
