namespace Kaniko.TestInfrastructure;

/// <summary>
/// The folder outside the repository where finished base image layouts are kept, one per input hash.
/// A layout appears there only complete (built beside it, then renamed), and a lock file makes
/// concurrent test processes wait for one builder instead of building twice.
/// </summary>
internal static class BaseImageCache
{
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(250);

    public static string Root =>
        Environment.GetEnvironmentVariable("KANIKO_TEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kaniko-tests");

    public static async Task<string> GetOrBuildAsync(
        string key, Func<string, string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "base-images")).FullName;
        var layout = Path.Combine(directory, key);
        if (Directory.Exists(layout))
        {
            return layout;
        }

        using var exclusive = await AcquireLockAsync(Path.Combine(directory, key + ".lock"), cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(layout))
        {
            return layout;
        }

        // Built on the same file system as the final folder so the rename is atomic.
        using var work = TemporaryDirectory.Create(".building-" + key, directory);
        var staged = Path.Combine(work.Path, "layout");
        var scratch = Directory.CreateDirectory(Path.Combine(work.Path, "scratch")).FullName;
        await build(staged, scratch, cancellationToken).ConfigureAwait(false);
        Directory.Move(staged, layout);
        return layout;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on Unix too, across processes and within one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(LockPoll, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
