namespace Kaniko.TestInfrastructure;

/// <summary>The Debian packages that make dotnet/runtime-deps, fetched with apt-get and unpacked with dpkg-deb.</summary>
internal static class DebianPackages
{
    public static readonly IReadOnlyList<string> RuntimeDependencies =
        ["libc6", "libgcc-s1", "libstdc++6", "libssl3", "zlib1g", "libicu72", "tzdata", "ca-certificates"];

    private const string UpdateHint = "Run `apt-get update` and try again.";

    /// <summary>"name=version" for each package apt would download now; these key the base image cache.</summary>
    public static async Task<IReadOnlyList<string>> CandidateVersionsAsync(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("apt-cache", ["policy", .. RuntimeDependencies], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                current = line[..^1];
            }
            else if (current is not null && line.TrimStart().StartsWith("Candidate:", StringComparison.Ordinal))
            {
                versions[current] = line.Trim()["Candidate:".Length..].Trim();
            }
        }

        return RuntimeDependencies
            .Select(name => versions.TryGetValue(name, out var version) && version != "(none)"
                ? $"{name}={version}"
                : throw new InvalidOperationException($"apt knows no installable version of the Debian package {name}. {UpdateHint}"))
            .ToList();
    }

    /// <summary>Downloads the packages and unpacks each into <paramref name="root"/>, as dpkg would lay them out.</summary>
    public static async Task UnpackAsync(IReadOnlyList<string> packagesWithVersions, string downloadDirectory, string root, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessRunner.RunAsync(
                "apt-get", ["download", .. packagesWithVersions], workingDirectory: downloadDirectory,
                timeout: TimeSpan.FromMinutes(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidOperationException($"apt-get download failed. {UpdateHint}", error);
        }

        foreach (var package in Directory.EnumerateFiles(downloadDirectory, "*.deb").Order(StringComparer.Ordinal))
        {
            await ProcessRunner.RunAsync("dpkg-deb", ["-x", package, root], cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Documentation is dead weight in a test image.
        foreach (var unneeded in new[] { "usr/share/doc", "usr/share/man", "usr/share/lintian", "usr/share/info" })
        {
            TemporaryDirectory.DeleteQuietly(Path.Combine(root, unneeded));
        }
    }
}
