namespace Kaniko.Engine.Caching;

/// <summary>
/// Test-only hook: when <c>KANIKO_TEST_PAUSE_CACHE_WRITE</c> names a file, a local cache write
/// creates that file and then waits forever in the middle of writing a layer blob (before the
/// rename), so a test can kill the build there. Never set it outside tests.
/// </summary>
internal static class CacheWritePause
{
    public const string Variable = "KANIKO_TEST_PAUSE_CACHE_WRITE";

    public static async Task WaitIfRequestedAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } signal)
        {
            await File.WriteAllTextAsync(signal, "paused", cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
    }
}
