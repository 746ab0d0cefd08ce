namespace Kaniko.Engine.Commands;

/// <summary>
/// Whether this build was refused an overlay mount (no CAP_SYS_ADMIN over its file system): once it
/// was, the build's later RUNs walk instead of trying again. One per build, shared by its stages, so
/// in the long-lived build server one build's refusal does not turn overlay off for the next.
/// </summary>
public sealed class OverlayRefusal
{
    private volatile bool _refused;

    public bool Refused => _refused;

    public void Record() => _refused = true;
}
