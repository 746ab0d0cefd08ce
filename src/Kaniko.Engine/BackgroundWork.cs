namespace Kaniko.Engine;

/// <summary>
/// Work a build starts beside its steps (cache stores, layer listings) and waits for before it ends.
/// Each piece handles its own failures; cancellation only stops what had not finished.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly List<Task> _started = [];

    public void Start(Func<Task> work, CancellationToken cancellationToken)
    {
        lock (_started)
        {
            _started.Add(Task.Run(work, cancellationToken));
        }
    }

    /// <summary>Waits for everything started so far; a cancelled build stops waiting without an error.</summary>
    public async Task FlushAsync()
    {
        Task[] started;
        lock (_started)
        {
            started = [.. _started];
        }

        try
        {
            await Task.WhenAll(started).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // What a cancelled piece did not rename into place is not trusted.
        }
    }
}
