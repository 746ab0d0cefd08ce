namespace Kaniko.IntegrationTests;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestAssets => Path.Combine(Root, "testassets");

    public static string ToolAssembly => Path.Combine(AppContext.BaseDirectory, "dotnet-kaniko.dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kaniko.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: Kaniko.sln not found above " + AppContext.BaseDirectory);
    }
}
