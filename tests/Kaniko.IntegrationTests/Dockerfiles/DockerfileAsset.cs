namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// One folder of testassets/Dockerfiles with an <c>expected.txt</c>: a Dockerfile, its context, and
/// what the built image must hold. Lines of expected.txt:
/// <list type="bullet">
/// <item><c>base busybox|runtime-deps|scratch</c>: the image the file list is compared against;</item>
/// <item><c>arg ...</c>: one more command-line argument for the build;</item>
/// <item><c>config a.b.0 JSON</c>: a value in the image config (dotted path, indexes, -1 for the last);</item>
/// <item><c>log-contains TEXT</c>, <c>log-lacks TEXT</c>: the build log;</item>
/// <item><c>/path type mode uid:gid linktarget sha256</c> (or <c>/path removed</c>): every entry that
/// differs from the base image, no more and no fewer.</item>
/// </list>
/// </summary>
internal sealed record DockerfileAsset(string Name, string Folder)
{
    public const string ExpectedFile = "expected.txt";

    public string Base { get; private init; } = "scratch";

    public IReadOnlyList<string> Arguments { get; private init; } = [];

    public IReadOnlyList<(string Path, string Json)> ConfigChecks { get; private init; } = [];

    public IReadOnlyList<string> LogContains { get; private init; } = [];

    public IReadOnlyList<string> LogLacks { get; private init; } = [];

    public IReadOnlyList<string> Files { get; private init; } = [];

    public string Context => Directory.Exists(Path.Combine(Folder, "context")) ? Path.Combine(Folder, "context") : Folder;

    public static IEnumerable<DockerfileAsset> All(string testAssets) =>
        Directory.EnumerateDirectories(Path.Combine(testAssets, "Dockerfiles"))
            .Where(folder => File.Exists(Path.Combine(folder, ExpectedFile)))
            .Order(StringComparer.Ordinal)
            .Select(folder => Load(Path.GetFileName(folder), folder));

    public static DockerfileAsset Load(string name, string folder)
    {
        var arguments = new List<string>();
        var config = new List<(string, string)>();
        var contains = new List<string>();
        var lacks = new List<string>();
        var files = new List<string>();
        var baseName = "scratch";
        foreach (var line in File.ReadLines(Path.Combine(folder, ExpectedFile)).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var (keyword, rest) = line.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? (line[..space], line[(space + 1)..]) : (line, "");
            switch (keyword)
            {
                case "base":
                    baseName = rest;
                    break;
                case "arg":
                    arguments.Add(rest);
                    break;
                case "config":
                    var split = rest.IndexOf(' ', StringComparison.Ordinal);
                    config.Add((rest[..split], rest[(split + 1)..]));
                    break;
                case "log-contains":
                    contains.Add(rest);
                    break;
                case "log-lacks":
                    lacks.Add(rest);
                    break;
                default:
                    files.Add(line);
                    break;
            }
        }

        return new DockerfileAsset(name, folder)
        {
            Base = baseName,
            Arguments = arguments,
            ConfigChecks = config,
            LogContains = contains,
            LogLacks = lacks,
            Files = files,
        };
    }

    /// <summary>Rewrites the file lines of expected.txt with <paramref name="actual"/>, keeping every other line.</summary>
    public void WriteFiles(IEnumerable<string> actual)
    {
        var path = Path.Combine(Folder, ExpectedFile);
        var kept = File.ReadLines(path).Where(l => !l.StartsWith('/')).ToList();
        File.WriteAllLines(path, kept.Concat(actual));
    }

    public override string ToString() => Name;
}
