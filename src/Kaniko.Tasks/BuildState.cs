using System.Text.Json;

namespace Kaniko.Tasks;

/// <summary>The last build's fingerprint and result, kept in obj/ so an unchanged project skips the build.</summary>
internal sealed record BuildState(string Fingerprint, string Digest, string Reference, string Tags, string ArchivePath)
{
    public static BuildState? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BuildState>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            // A damaged state file only costs a rebuild.
            return null;
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this));
    }
}
