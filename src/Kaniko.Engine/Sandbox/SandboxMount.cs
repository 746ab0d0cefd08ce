namespace Kaniko.Engine.Sandbox;

/// <summary>
/// A host file or folder (or a fresh tmpfs when <see cref="Source"/> is null) mounted at
/// <see cref="Target"/> in the sandbox for one command (RUN --mount). <see cref="Target"/> is an
/// image path whose existing components hold no symbolic links (see <c>RootDirectory.Resolve</c>).
/// </summary>
public sealed record SandboxMount(string? Source, string Target, bool ReadOnly)
{
    /// <summary>One line of the entry script's mount list: kind, source, target and ro|rw, tab-separated.</summary>
    internal string ToLine()
    {
        if ((Source ?? "").IndexOfAny(['\t', '\n']) >= 0 || Target.IndexOfAny(['\t', '\n']) >= 0)
        {
            throw new KanikoException(SandboxErrorCode.SetupFailed, $"A mount path holds a tab or a newline: '{Target}'.");
        }

        var kind = Source is null ? "tmpfs" : Directory.Exists(Source) ? "dir" : "file";
        return $"{kind}\t{Source ?? "-"}\t{Target}\t{(ReadOnly ? "ro" : "rw")}\n";
    }
}
