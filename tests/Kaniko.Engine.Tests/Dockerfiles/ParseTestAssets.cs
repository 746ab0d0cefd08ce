namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>The Dockerfiles in testassets/parse with their expected BuildKit dumps (NAME.Dockerfile beside NAME.ast).</summary>
internal static class ParseTestAssets
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "testassets", "parse");

    public static IEnumerable<object[]> Names =>
        Directory.GetFiles(Folder, "*.Dockerfile").Order(StringComparer.Ordinal).Select(path => new object[] { Path.GetFileNameWithoutExtension(path) });

    public static string[] Dockerfiles() => Directory.GetFiles(Folder, "*.Dockerfile").Order(StringComparer.Ordinal).ToArray();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kaniko.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no Kaniko.sln above " + AppContext.BaseDirectory);
    }
}
