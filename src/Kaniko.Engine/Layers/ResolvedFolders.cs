using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The folders a layer's entries go into, each resolved inside the root once and remembered, since
/// most entries share their folder with the entry before. A walk enters only folders and follows
/// only links, so forgetting everything whenever a folder or a link is removed or replaced keeps
/// every remembered answer true; a walk that went through a component that was not there is not
/// remembered, since making something there changes its answer.
/// </summary>
internal sealed class ResolvedFolders(RootDirectory root)
{
    private readonly Dictionary<string, string> _hostPaths = new(StringComparer.Ordinal);

    /// <summary>As <see cref="RootDirectory.ResolveDirectory(IEnumerable{string}, bool, string)"/>.</summary>
    public string? Resolve(string[] folders, bool createMissing, string pathForMessages)
    {
        var imagePath = string.Join('/', folders);
        if (_hostPaths.TryGetValue(imagePath, out var hostPath))
        {
            return hostPath;
        }

        hostPath = root.ResolveDirectory(folders, createMissing, pathForMessages, out var passedMissing);
        if (hostPath is not null && !passedMissing)
        {
            _hostPaths[imagePath] = hostPath;
        }

        return hostPath;
    }

    /// <summary>A folder or a link was removed or replaced.</summary>
    public void Forget() => _hostPaths.Clear();
}
