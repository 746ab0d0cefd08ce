namespace Kaniko.TestInfrastructure;

/// <summary>The .NET installation this process runs on, and the 10.0 runtime pieces the base images copy from it.</summary>
internal sealed record DotnetInstallation(string Root, string HostFxrVersion, string RuntimeVersion, string AspNetCoreVersion)
{
    private const string Major = "10.0";

    public static DotnetInstallation Locate()
    {
        // The running runtime lives in ROOT/shared/Microsoft.NETCore.App/VERSION.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)
            ?? throw new InvalidOperationException("Cannot tell where the .NET runtime is installed.");
        var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        return new DotnetInstallation(
            root,
            HighestVersion(Path.Combine(root, "host", "fxr")),
            HighestVersion(Path.Combine(root, "shared", "Microsoft.NETCore.App")),
            HighestVersion(Path.Combine(root, "shared", "Microsoft.AspNetCore.App")));
    }

    private static string HighestVersion(string directory)
    {
        var best = Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory)
                .Select(Path.GetFileName)
                .Where(name => name is not null && name.StartsWith(Major + ".", StringComparison.Ordinal))
                .Select(name => (Name: name!, Parsed: Version.TryParse(name, out var version) ? version : null))
                .Where(candidate => candidate.Parsed is not null)
                .OrderByDescending(candidate => candidate.Parsed)
                .Select(candidate => candidate.Name)
                .FirstOrDefault()
            : null;
        return best ?? throw new InvalidOperationException($"No {Major}.x release found in {directory}; install the .NET {Major} SDK.");
    }
}
