namespace Kaniko.Engine.Tests;

/// <summary>The repository the tests were built from, found by walking up to Kaniko.sln.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
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
