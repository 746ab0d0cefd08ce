using Kaniko.Engine.Filesystem;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// An output file or folder made in a locked staging folder beside its destination
/// (<c>.NAME.kaniko-HEX</c>) and renamed into place whole, so a killed build leaves the previous output
/// or none. The next write to the same destination removes what a killed one staged.
/// </summary>
internal static class StagedOutput
{
    public static async Task WriteFileAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        path = Normalize(path);
        using var staging = Begin(path);
        var staged = Path.Combine(staging.Path, Path.GetFileName(path));
        await DurableFile.WriteAsync(staged, write, cancellationToken).ConfigureAwait(false);
        File.Move(staged, path, overwrite: true);
    }

    /// <summary>Makes a folder that does not exist yet, or is empty: <paramref name="write"/> fills the staging folder it is given.</summary>
    public static async Task WriteFolderAsync(string path, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        path = Normalize(path);
        using var staging = Begin(path);
        await write(staging.Path, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(path))
        {
            // Directory.Move replaces no folder, not even an empty one.
            Directory.Delete(path);
        }

        staging.MoveTo(path);
    }

    private static WorkFolder Begin(string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        var prefix = "." + Path.GetFileName(path) + ".kaniko-";
        Directory.CreateDirectory(parent);
        WorkFolder.RemoveAbandoned(parent, prefix, NullLogger.Instance);
        return WorkFolder.Create(parent, prefix);
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
