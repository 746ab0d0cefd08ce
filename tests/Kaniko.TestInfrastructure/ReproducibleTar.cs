namespace Kaniko.TestInfrastructure;

/// <summary>
/// An uncompressed layer tar made by GNU tar so the same tree gives the same bytes: sorted names,
/// epoch mtimes, numeric owners as they are in the tree. umoci compresses it when adding the layer.
/// </summary>
internal static class ReproducibleTar
{
    public static async Task CreateAsync(string root, string tarPath, CancellationToken cancellationToken)
    {
        // Top-level entries are named on the command line so paths read "bin/sh", not "./bin/sh".
        var topLevel = Directory.EnumerateFileSystemEntries(root)
            .Select(entry => Path.GetFileName(entry))
            .Order(StringComparer.Ordinal)
            .ToList();
        await ProcessRunner.RunAsync(
            "tar",
            [
                "--create", "--file", tarPath, "--format=gnu", "--sort=name", "--mtime=@0", "--numeric-owner",
                "--directory", root, "--", .. topLevel,
            ],
            timeout: TimeSpan.FromMinutes(5),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
