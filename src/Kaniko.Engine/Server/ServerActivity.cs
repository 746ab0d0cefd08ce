namespace Kaniko.Engine.Server;

/// <summary>How many builds the server is running, and since when it has run none.</summary>
internal sealed class ServerActivity
{
    private readonly Lock _gate = new();
    private int _running;
    private DateTimeOffset _quietSince = DateTimeOffset.UtcNow;

    public void Started()
    {
        lock (_gate)
        {
            _running++;
        }
    }

    public void Finished()
    {
        lock (_gate)
        {
            _running--;
            _quietSince = DateTimeOffset.UtcNow;
        }
    }

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _running > 0;
            }
        }
    }

    public TimeSpan IdleFor()
    {
        lock (_gate)
        {
            return _running > 0 ? TimeSpan.Zero : DateTimeOffset.UtcNow - _quietSince;
        }
    }
}
