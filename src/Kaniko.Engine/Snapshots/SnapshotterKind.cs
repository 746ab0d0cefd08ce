namespace Kaniko.Engine.Snapshots;

/// <summary>How RUN's changes become a layer.</summary>
public enum SnapshotterKind
{
    /// <summary>An overlay's upper folder, which costs what changed; falls back to <see cref="Walk"/> where overlay cannot be mounted.</summary>
    Overlay,

    /// <summary>RUN runs on the stage root itself, and a walk of the whole root before and after finds the changes.</summary>
    Walk,
}
