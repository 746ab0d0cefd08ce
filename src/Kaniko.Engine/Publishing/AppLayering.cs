namespace Kaniko.Engine.Publishing;

/// <summary>
/// Sorts a publish folder's files into Jib-style layers from the SDK's own metadata (package id and
/// version, project references, where each file was built), so a code change rebuilds only the top layer.
/// </summary>
public static class AppLayering
{
    /// <param name="published">The SDK's ResolvedFileToPublish items.</param>
    /// <param name="publishDirectory">The publish folder; every file in it lands in exactly one layer.</param>
    /// <param name="projectOutputFolders">The project's own bin/ and obj/: files built there are the app, not content.</param>
    /// <returns>The layers that have files, bottom to top, each file once, as a path relative to the publish folder with <c>/</c>.</returns>
    public static IReadOnlyList<(AppLayer Layer, IReadOnlyList<string> Files)> Plan(
        IEnumerable<PublishedFile> published, string publishDirectory, IEnumerable<string> projectOutputFolders)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(publishDirectory);
        ArgumentNullException.ThrowIfNull(projectOutputFolders);
        var outputFolders = projectOutputFolders
            .Select(folder => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar)
            .ToList();
        var layerOf = new Dictionary<string, AppLayer>(StringComparer.Ordinal);
        foreach (var file in published)
        {
            layerOf[Normalize(file.RelativePath)] = Classify(file, outputFolders);
        }

        // Whatever the items do not name (files other targets dropped there) belongs to the app.
        return Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Normalize(Path.GetRelativePath(publishDirectory, file)))
            .GroupBy(path => layerOf.GetValueOrDefault(path, AppLayer.App))
            .OrderBy(group => group.Key)
            .Select(group => (group.Key, (IReadOnlyList<string>)group.Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static AppLayer Classify(PublishedFile file, IReadOnlyCollection<string> projectOutputFolders)
    {
        if (!string.IsNullOrEmpty(file.PackageId))
        {
            if (IsRuntimePack(file.PackageId))
            {
                return AppLayer.Runtime;
            }

            return file.PackageVersion?.Contains('-', StringComparison.Ordinal) == true ? AppLayer.PrereleasePackages : AppLayer.Packages;
        }

        if (string.Equals(file.ReferenceSourceTarget, "ProjectReference", StringComparison.OrdinalIgnoreCase))
        {
            return AppLayer.ProjectReferences;
        }

        var source = Path.GetFullPath(file.SourcePath);
        return projectOutputFolders.Any(folder => source.StartsWith(folder, StringComparison.Ordinal)) ? AppLayer.App : AppLayer.Content;
    }

    // Microsoft.NETCore.App.Runtime.linux-x64, Microsoft.AspNetCore.App.Runtime.linux-arm64, ...
    private static bool IsRuntimePack(string packageId) =>
        packageId.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase)
        && packageId.Contains(".App.Runtime.", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string relativePath) => relativePath.Replace('\\', '/').TrimStart('/');
}
