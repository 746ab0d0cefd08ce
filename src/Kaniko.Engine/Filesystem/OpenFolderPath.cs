namespace Kaniko.Engine.Filesystem;

/// <summary>
/// The folders on the way from a top folder to one path after another, kept open between calls:
/// for paths taken in sorted order (a folder before what is in it) each call opens at most the
/// folders the previous path did not pass, one name each. Links on the way are not followed.
/// </summary>
internal sealed class OpenFolderPath : IDisposable
{
    /// <summary>The open folders, the top first, each with the length of its path within <see cref="_path"/>.</summary>
    private readonly List<(int Length, FolderHandle Folder)> _open;

    private string _path = "";

    public OpenFolderPath(string topHostPath)
    {
        _open = [(0, FolderHandle.Open(topHostPath))];
    }

    /// <summary>The open folder at <paramref name="relativePath"/> ("" for the top, else "a/b", no leading or trailing '/').</summary>
    public FolderHandle At(string relativePath)
    {
        while (_open.Count > 1 && !Passes(relativePath, _open[^1].Length))
        {
            _open[^1].Folder.Dispose();
            _open.RemoveAt(_open.Count - 1);
        }

        _path = relativePath;
        while (_open[^1].Length < relativePath.Length)
        {
            var start = _open[^1].Length == 0 ? 0 : _open[^1].Length + 1;
            var end = relativePath.IndexOf('/', start);
            end = end < 0 ? relativePath.Length : end;
            _open.Add((end, _open[^1].Folder.OpenFolder(relativePath[start..end])));
        }

        return _open[^1].Folder;
    }

    public void Dispose()
    {
        foreach (var (_, folder) in _open)
        {
            folder.Dispose();
        }

        _open.Clear();
    }

    /// <summary>Whether the open folder whose path is <see cref="_path"/>'s first <paramref name="length"/> characters is on the way to <paramref name="relativePath"/>.</summary>
    private bool Passes(string relativePath, int length) =>
        relativePath.Length >= length
        && (relativePath.Length == length || relativePath[length] == '/')
        && relativePath.AsSpan(0, length).SequenceEqual(_path.AsSpan(0, length));
}
