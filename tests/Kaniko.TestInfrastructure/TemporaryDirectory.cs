namespace Kaniko.TestInfrastructure;

/// <summary>A fresh folder that is deleted, with everything in it, on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static TemporaryDirectory Create(string purpose, string? parent = null)
    {
        var path = System.IO.Path.Combine(
            parent ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kaniko-tests"),
            $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TemporaryDirectory(path);
    }

    public void Dispose() => DeleteQuietly(Path);

    internal static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                // Recursive delete removes symbolic links without following them.
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless; a failed test must show its own error.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
