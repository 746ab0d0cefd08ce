namespace Kaniko.Engine.Publishing;

/// <summary>
/// Gives the publish folder the modes the image should have, whatever the umask or NuGet's
/// extraction (0744) left: folders and executables (ELF files such as the apphost and native
/// libraries, and scripts starting with <c>#!</c>) 0755, every other file 0644. COPY keeps them,
/// so the layers are the same on every machine.
/// </summary>
public static class PublishFolderModes
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Regular = (UnixFileMode)0b110_100_100;

    public static void Normalize(string publishDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories(publishDirectory, "*", SearchOption.AllDirectories))
        {
            SetMode(directory, Executable);
        }

        foreach (var file in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories))
        {
            SetMode(file, IsExecutable(file) ? Executable : Regular);
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (File.GetUnixFileMode(path) != mode)
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool IsExecutable(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        return (read == 4 && magic.SequenceEqual("\u007fELF"u8)) || (read >= 2 && magic[..2].SequenceEqual("#!"u8));
    }
}
