namespace Kaniko.Engine.Images;

/// <summary>
/// A blob fetched the first time it is asked for, once however many ask at the same time; a fetch
/// that failed or was cancelled is tried again by the next caller.
/// </summary>
public sealed class OnDemandBlob(Func<CancellationToken, Task> fetch)
{
    private readonly Lock _gate = new();
    private Task? _fetch;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_fetch is null || _fetch.IsFaulted || _fetch.IsCanceled)
            {
                _fetch = fetch(cancellationToken);
            }

            return _fetch;
        }
    }
}
