namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>The Dockerfiles in testassets/parse with their expected BuildKit dumps (NAME.Dockerfile beside NAME.ast).</summary>
internal static class ParseTestAssets
{
    public static string Folder { get; } = RepositoryFolder.Combine("testassets", "parse");

    public static IEnumerable<object[]> Names =>
        Directory.GetFiles(Folder, "*.Dockerfile").Order(StringComparer.Ordinal).Select(path => new object[] { Path.GetFileNameWithoutExtension(path) });

    public static string[] Dockerfiles() => Directory.GetFiles(Folder, "*.Dockerfile").Order(StringComparer.Ordinal).ToArray();
}
