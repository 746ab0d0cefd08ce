using System.Diagnostics;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>Runs a program directly (no shell) and captures its output.</summary>
public static class ProcessRunner
{
    // After a kill, grandchildren may still hold the pipes open; do not wait for them forever.
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IDictionary<string, string?>? environment = null,
        bool checkExitCode = true,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var argumentList = arguments.ToList();
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in argumentList)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        // A child that reads stdin (a shell without arguments) must see end-of-file, not hang.
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own just now.
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var partialError = await DrainAsync(standardError).ConfigureAwait(false);
            throw new TimeoutException(
                $"{Describe(fileName, argumentList)} did not finish within {timeout} and was killed. stderr:\n{partialError}");
        }

        var result = new ProcessResult(
            process.ExitCode,
            await standardOutput.ConfigureAwait(false),
            await standardError.ConfigureAwait(false));
        if (checkExitCode && result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Describe(fileName, argumentList)} exited with code {result.ExitCode}. stderr:\n{result.StandardError}\nstdout:\n{Tail(result.StandardOutput)}");
        }

        return result;
    }

    internal static string Describe(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<string> DrainAsync(Task<string> reader)
    {
        var finished = await Task.WhenAny(reader, Task.Delay(DrainAfterKill)).ConfigureAwait(false);
        return finished == reader ? await reader.ConfigureAwait(false) : "(output still open)";
    }

    // Tools like dotnet write their errors to stdout; its end is where they are.
    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
