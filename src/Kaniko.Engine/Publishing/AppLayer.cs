namespace Kaniko.Engine.Publishing;

/// <summary>The app's layers, bottom to top: what changes least goes lowest, as Jib orders them.</summary>
public enum AppLayer
{
    Runtime,
    Packages,
    PrereleasePackages,
    ProjectReferences,
    Content,
    App,
}
