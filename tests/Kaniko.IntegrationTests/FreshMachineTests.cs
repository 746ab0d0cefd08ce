using System.IO.Compression;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// The packages build as on a machine that never built the project: a copy of the sources, packed
/// with an empty NuGet package folder and an empty HOME, so every package the ReadyToRun builds need
/// (crossgen2 among them) must come from restore, not from a cache this machine happens to hold.
/// </summary>
[TestClass]
public sealed class FreshMachineTests
{
    private static readonly string[] RepositoryFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig"];

    [TestMethod]
    public async Task Packages_PackWithAnEmptyNuGetFolderAndHome()
    {
        using var temp = TemporaryDirectory.Create("fresh-machine");
        var repository = temp.Combine("repository");
        CopySources(repository);
        var feed = temp.Combine("feed");
        var packages = Directory.CreateDirectory(temp.Combine("nuget-packages")).FullName;
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_HTTP_CACHE_PATH"] = null,
            ["NUGET_PLUGINS_CACHE_PATH"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["XDG_DATA_HOME"] = null,
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };

        foreach (var project in (string[])["Kaniko.Tasks", "Kaniko.Tool"])
        {
            await ProcessRunner.RunAsync("dotnet",
                ["pack", Path.Combine(repository, "src", project), "-c", "Release", "-o", feed, "-p:PackageVersion=0.1.0-fresh", "-nologo", "-p:UseSharedCompilation=false"],
                environment: environment, timeout: TimeSpan.FromMinutes(8));
        }

        Assert.IsTrue(Directory.EnumerateDirectories(packages).Any(folder => Path.GetFileName(folder).StartsWith("microsoft.netcore.app.crossgen2", StringComparison.Ordinal)), "restore did not bring crossgen2");
        AssertHolds(Path.Combine(feed, "Kaniko.Tasks.0.1.0-fresh.nupkg"),
            "tasks/net10.0/linux-x64/Kaniko.Engine.dll", "tasks/net10.0/linux-arm64/Kaniko.Engine.dll",
            "tasks/net10.0/kaniko-sandbox/linux-x64/kaniko-sandbox-enter", "tasks/net10.0/linux-arm64/kaniko-sandbox/linux-arm64/kaniko-sandbox-enter");
        AssertHolds(Path.Combine(feed, "Kaniko.Tool.linux-x64.0.1.0-fresh.nupkg"),
            "tools/net10.0/linux-x64/Kaniko.Engine.dll", "tools/net10.0/linux-x64/kaniko-sandbox/linux-x64/kaniko-sandbox-enter");
        AssertHolds(Path.Combine(feed, "Kaniko.Tool.linux-arm64.0.1.0-fresh.nupkg"),
            "tools/net10.0/linux-arm64/Kaniko.Engine.dll", "tools/net10.0/linux-arm64/kaniko-sandbox/linux-arm64/kaniko-sandbox-enter");
    }

    private static void AssertHolds(string package, params string[] entries)
    {
        using var archive = ZipFile.OpenRead(package);
        var names = archive.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            Assert.IsTrue(names.Contains(entry), $"{Path.GetFileName(package)} lacks {entry}");
        }
    }

    /// <summary>The sources and the repository's build settings, without any build output.</summary>
    private static void CopySources(string destination)
    {
        foreach (var file in RepositoryFiles)
        {
            Directory.CreateDirectory(destination);
            File.Copy(Path.Combine(RepositoryPaths.Root, file), Path.Combine(destination, file));
        }

        var source = Path.Combine(RepositoryPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, "src", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
