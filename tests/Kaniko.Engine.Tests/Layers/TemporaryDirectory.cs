namespace Kaniko.Engine.Tests.Layers;

internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("kaniko-layers-").FullName;
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Join(Path, relative);

    public string WriteFile(string relative, string content)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
