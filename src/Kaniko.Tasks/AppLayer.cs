namespace Kaniko.Tasks;

/// <summary>The app's layers, bottom to top: what changes least goes lowest, as Jib orders them.</summary>
internal enum AppLayer
{
    Runtime,
    Packages,
    PrereleasePackages,
    ProjectReferences,
    Content,
    App,
}
