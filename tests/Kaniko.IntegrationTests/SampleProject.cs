using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// A copy of a testassets project in a temp folder, restored against the freshly packed
/// Kaniko.Tasks with a private NuGet cache, and driven with the real dotnet CLI.
/// </summary>
internal sealed class SampleProject : IDisposable
{
    private readonly TemporaryDirectory _temp;

    // The test feed first; the public feed for the samples' other packages.
    private const string PublicFeed = "https://api.nuget.org/v3/index.json";

    private SampleProject(TemporaryDirectory temp, string directory, string project)
    {
        _temp = temp;
        Directory = directory;
        Project = project;
    }

    public string Directory { get; }

    /// <summary>The project to build: the copied folder itself, or a project inside it.</summary>
    public string Project { get; }

    public static SampleProject Copy(string assetName, string projectInAsset = "")
    {
        var temp = TemporaryDirectory.Create("sample");
        var directory = temp.Combine(assetName);
        var source = Path.Combine(RepositoryPaths.TestAssets, assetName);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, relative))!);
            File.Copy(file, Path.Combine(directory, relative));
        }

        return new SampleProject(temp, directory, Path.Combine(directory, projectInAsset));
    }

    /// <summary>Runs <c>dotnet VERB PROJECT ARGS</c> with the Kaniko.Tasks package from the test feed.</summary>
    public async Task<ProcessResult> DotnetAsync(string verb, params string[] arguments)
    {
        var (feed, version) = await TasksPackage.EnsurePackedAsync();
        return await ProcessRunner.RunAsync("dotnet",
            [verb, Project, "-nologo", $"-p:RestoreSources=\"{feed};{PublicFeed}\"", $"-p:KanikoVersion={version}", .. arguments],
            environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _temp.Combine("nuget") },
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(5));
    }

    public string Combine(params string[] parts) => Path.Combine([Directory, .. parts]);

    public void Dispose() => _temp.Dispose();
}
