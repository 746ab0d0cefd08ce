using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// A docker credential helper (<c>docker-credential-NAME get</c>, the server URL on stdin, JSON with
/// Username and Secret on stdout). Username <c>&lt;token&gt;</c> means Secret is an identity token.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<FoundCredential?> GetAsync(
        string name, string registry, RegistryEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        string program = "docker-credential-" + name;
        string? path = FindOnPath(program, environment);
        if (path is null)
        {
            RegistryLog.CredentialHelperMissing(logger, program, registry);
            return null;
        }

        // Docker keys Docker Hub under its v1 URL; helpers store it that way.
        string serverUrl = RegistryName.Normalize(registry) == Images.ImageReference.DockerHub ? "https://index.docker.io/v1/" : registry;
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("get");
        using var process = new Process { StartInfo = startInfo };
        process.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await process.StandardInput.WriteAsync(serverUrl.AsMemory(), deadline.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            string stdout = await output.ConfigureAwait(false);
            await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // "credentials not found" and its kin: this helper has nothing for the registry. Its
                // output is not logged: a broken helper might echo secrets.
                RegistryLog.CredentialHelperFoundNothing(logger, program, registry, process.ExitCode);
                return null;
            }

            return Parse(stdout, program, registry);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new RegistryException(
                RegistryFailures.Configuration,
                registry,
                null,
                $"The credential helper {program} did not answer for {registry} within {Timeout.TotalSeconds} s. Check that it runs without asking for input.");
        }
    }

    private static FoundCredential Parse(string stdout, string program, string registry)
    {
        try
        {
            using var document = JsonDocument.Parse(stdout);
            var root = document.RootElement;
            string? username = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            string? secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
            var credential = username == "<token>"
                ? new RegistryCredential(null, null, secret)
                : new RegistryCredential(username, secret);
            return new FoundCredential(credential, program);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            throw new RegistryException(
                RegistryFailures.Configuration,
                registry,
                null,
                $"The credential helper {program} answered for {registry} with something that is not its JSON (Username, Secret). Check the helper.");
        }
    }

    private static string? FindOnPath(string program, RegistryEnvironment environment)
    {
        foreach (string directory in (environment["PATH"] ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
