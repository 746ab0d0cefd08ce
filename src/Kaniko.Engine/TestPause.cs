namespace Kaniko.Engine;

/// <summary>
/// Test-only hooks: when one of these variables names a file, the code at that point creates the
/// file and then waits forever, so a test can kill the process exactly there. Never set them outside tests.
/// </summary>
internal static class TestPause
{
    /// <summary>In the middle of a local layer cache blob write, before its rename.</summary>
    public const string CacheWrite = "KANIKO_TEST_PAUSE_CACHE_WRITE";

    /// <summary>In the middle of writing the OCI layout or the docker archive: blobs written, the index or manifest not yet.</summary>
    public const string OutputWrite = "KANIKO_TEST_PAUSE_OUTPUT_WRITE";

    public static async Task WaitIfRequestedAsync(string variable, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } signal)
        {
            await File.WriteAllTextAsync(signal, "paused", cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
    }
}
