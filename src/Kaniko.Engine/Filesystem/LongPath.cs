using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// Host paths of any length for any file API. Linux refuses a path of PATH_MAX (4096) bytes or more,
/// and a deep build context or stage root holds longer ones (a chain of 4000 folders is 8000 bytes);
/// such a path is handed over as <c>/proc/self/fd/N/rest</c>, N an open descriptor of a folder on its
/// way, opened piecewise with openat. Shorter paths, nearly all, go through untouched.
/// </summary>
internal static class LongPath
{
    /// <summary>Bytes of path given to the kernel in one piece, well under PATH_MAX with room for the /proc prefix.</summary>
    private const int PieceBytes = 3800;

    public static T With<T>(string hostPath, Func<string, T> use)
    {
        if (!IsLong(hostPath))
        {
            return use(hostPath);
        }

        var (folder, remainder) = OpenFolderOnTheWay(hostPath);
        try
        {
            return use(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{folder}/{remainder}"));
        }
        finally
        {
            UnixSystemCalls.CloseDescriptor(folder);
        }
    }

    public static void With(string hostPath, Action<string> use) =>
        With(hostPath, path =>
        {
            use(path);
            return true;
        });

    /// <summary>For calls that take two paths (copy, link, rename).</summary>
    public static void With(string firstHostPath, string secondHostPath, Action<string, string> use) =>
        With(firstHostPath, first => With(secondHostPath, second =>
        {
            use(first, second);
            return true;
        }));

    /// <summary>The full paths of what is in the folder <paramref name="hostPath"/>, listed in one go.</summary>
    public static List<string> Entries(string hostPath) =>
        With(hostPath, path => Directory.EnumerateFileSystemEntries(path).Select(entry => hostPath + "/" + Path.GetFileName(entry)).ToList());

    private static bool IsLong(string hostPath) =>
        hostPath.Length * 3 >= PieceBytes && Encoding.UTF8.GetByteCount(hostPath) >= PieceBytes;

    /// <summary>A descriptor of a folder on the way to <paramref name="hostPath"/> and the rest of the path from it, each piece short enough.</summary>
    private static (int Folder, string Remainder) OpenFolderOnTheWay(string hostPath)
    {
        var folder = UnixSystemCalls.CurrentDirectory;
        var start = 0;
        try
        {
            while (Encoding.UTF8.GetByteCount(hostPath.AsSpan(start)) >= PieceBytes)
            {
                var cut = LastSlashWithin(hostPath, start);
                var piece = cut == 0 ? "/" : hostPath[start..cut];
                var next = UnixSystemCalls.OpenFolderAt(folder, piece, hostPath);
                if (folder != UnixSystemCalls.CurrentDirectory)
                {
                    UnixSystemCalls.CloseDescriptor(folder);
                }

                folder = next;
                start = cut + 1;
            }

            return (folder, hostPath[start..]);
        }
        catch
        {
            if (folder != UnixSystemCalls.CurrentDirectory)
            {
                UnixSystemCalls.CloseDescriptor(folder);
            }

            throw;
        }
    }

    /// <summary>The last '/' after <paramref name="start"/> that leaves a piece under <see cref="PieceBytes"/>.</summary>
    private static int LastSlashWithin(string hostPath, int start)
    {
        var best = -1;
        var bytes = 0;
        for (var index = start; index < hostPath.Length && bytes < PieceBytes; index++)
        {
            if (hostPath[index] == '/' && index > start)
            {
                best = index;
            }

            bytes += Encoding.UTF8.GetByteCount(hostPath.AsSpan(index, char.IsHighSurrogate(hostPath[index]) && index + 1 < hostPath.Length ? 2 : 1));
            if (char.IsHighSurrogate(hostPath[index]))
            {
                index++;
            }
        }

        return best > 0 ? best : throw new PathTooLongException($"'{hostPath[..Math.Min(hostPath.Length, 200)]}...' has a component longer than a file name can be.");
    }
}
