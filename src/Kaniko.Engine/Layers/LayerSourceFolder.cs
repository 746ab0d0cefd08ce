using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Reads the files a layer's entries name, in the layer's order, keeping open the folders on the way
/// to the last one (the first of them opened by its path): the next file in one of those folders or
/// beneath it is reached one name at a time instead of through its whole path, so a tree N folders
/// deep costs N lookups rather than N²/2. Where that way fails (a link on the way, a file gone) the
/// file is read by its path, exactly as before.
/// </summary>
internal sealed class LayerSourceFolder : IDisposable
{
    /// <summary>The first opened by its path, each next one a folder in the one before.</summary>
    private readonly List<FolderHandle> _open = [];

    /// <summary>What lstat says of <paramref name="sourcePath"/>; null when nothing is there.</summary>
    public FileStatus? Status(string sourcePath)
    {
        try
        {
            if (Reach(sourcePath, out var name) is { } folder)
            {
                return folder.Status(name);
            }
        }
        catch (IOException)
        {
        }

        return FileStatus.TryRead(sourcePath);
    }

    /// <summary>The file at <paramref name="sourcePath"/> opened to read, a link at its end followed as opening by path does.</summary>
    public FileStream OpenRead(string sourcePath, FileStreamOptions options)
    {
        try
        {
            if (Reach(sourcePath, out var name) is { } folder)
            {
                return new FileStream(folder.OpenReadFollowingLink(name), FileAccess.Read, bufferSize: 0);
            }
        }
        catch (IOException)
        {
        }

        return LongPath.With(sourcePath, path => new FileStream(path, options));
    }

    public void Dispose() => Forget();

    /// <summary>The open folder holding <paramref name="sourcePath"/>, reached from an open one on its way when there is one; null for a path without a folder part.</summary>
    private FolderHandle? Reach(string sourcePath, out string name)
    {
        var slash = sourcePath.LastIndexOf('/');
        name = sourcePath[(slash + 1)..];
        if (slash <= 0)
        {
            return null;
        }

        var folderPath = sourcePath[..slash];
        try
        {
            while (_open.Count > 0 && !IsOnTheWay(_open[^1].HostPath, folderPath))
            {
                _open[^1].Dispose();
                _open.RemoveAt(_open.Count - 1);
            }

            if (_open.Count == 0)
            {
                _open.Add(FolderHandle.Open(folderPath));
            }

            for (var start = _open[^1].HostPath.Length + 1; start <= folderPath.Length;)
            {
                var end = folderPath.IndexOf('/', start);
                end = end < 0 ? folderPath.Length : end;
                _open.Add(_open[^1].OpenFolder(folderPath[start..end]));
                start = end + 1;
            }

            return _open[^1];
        }
        catch (IOException)
        {
            Forget();
            throw;
        }
    }

    private static bool IsOnTheWay(string folder, string path) =>
        path.StartsWith(folder, StringComparison.Ordinal) && (path.Length == folder.Length || path[folder.Length] == '/');

    private void Forget()
    {
        foreach (var folder in _open)
        {
            folder.Dispose();
        }

        _open.Clear();
    }
}
