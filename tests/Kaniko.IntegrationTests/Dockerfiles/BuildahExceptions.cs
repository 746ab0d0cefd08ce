namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// The optional buildah.txt of an asset: where buildah cannot stand in for Docker as the oracle.
/// Lines: <c>skip REASON</c> (buildah cannot build the asset as written), <c>differs /path REASON</c>
/// (that entry legitimately differs), <c>config-differs a.b REASON</c> (that config check does not apply).
/// Every line needs a reason.
/// </summary>
internal sealed record BuildahExceptions(string? SkipReason, IReadOnlySet<string> DifferingPaths, IReadOnlySet<string> DifferingConfig)
{
    public const string FileName = "buildah.txt";

    public static BuildahExceptions Load(DockerfileAsset asset)
    {
        var path = Path.Combine(asset.Folder, FileName);
        string? skip = null;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var config = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')) : [])
        {
            var parts = line.Split(' ', 3);
            switch (parts[0])
            {
                case "skip" when parts.Length >= 2:
                    skip = line["skip ".Length..];
                    break;
                case "differs" when parts.Length == 3:
                    paths.Add(parts[1]);
                    break;
                case "config-differs" when parts.Length == 3:
                    config.Add(parts[1]);
                    break;
                default:
                    throw new InvalidDataException($"{path}: '{line}' is not 'skip REASON', 'differs /path REASON' or 'config-differs a.b REASON'");
            }
        }

        return new BuildahExceptions(skip, paths, config);
    }
}
