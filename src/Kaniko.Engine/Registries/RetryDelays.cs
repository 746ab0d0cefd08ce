using System.Net.Http.Headers;

namespace Kaniko.Engine.Registries;

/// <summary>Exponential backoff with full jitter, capped; a registry's <c>Retry-After</c> wins when it asks for longer.</summary>
internal static class RetryDelays
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public static TimeSpan Before(int retry, TimeSpan baseDelay, RetryConditionHeaderValue? retryAfter = null, TimeProvider? time = null)
    {
        double ceiling = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        // Half fixed, half random: spreads clients apart without ever retrying at once.
        var backoff = TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
        var asked = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (time ?? TimeProvider.System).GetUtcNow(),
            _ => TimeSpan.Zero,
        };
        if (asked > MaxRetryAfter)
        {
            asked = MaxRetryAfter;
        }

        return asked > backoff ? asked : backoff;
    }
}
