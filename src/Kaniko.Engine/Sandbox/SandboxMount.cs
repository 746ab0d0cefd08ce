using System.Globalization;

namespace Kaniko.Engine.Sandbox;

/// <summary>
/// A host file or folder (or a fresh tmpfs when <see cref="Source"/> is null) mounted at
/// <see cref="Target"/> in the sandbox for one command (RUN --mount). <see cref="Target"/> is an
/// image path whose existing components hold no symbolic links (see <c>RootDirectory.Resolve</c>).
/// A <see cref="Secret"/> is never a host file: its bytes reach the sandbox through a pipe and live on a
/// tmpfs of the sandbox's own mount namespace, which dies with it.
/// </summary>
public sealed record SandboxMount(string? Source, string Target, bool ReadOnly)
{
    public SandboxSecret? Secret { get; init; }

    public static SandboxMount ForSecret(SandboxSecret secret, string target) => new(null, target, ReadOnly: true) { Secret = secret };

    /// <summary>One line of the entry script's mount list: kind, source, target and ro|rw, tab-separated.</summary>
    internal string ToLine()
    {
        if ((Source ?? "").IndexOfAny(['\t', '\n']) >= 0 || Target.IndexOfAny(['\t', '\n']) >= 0)
        {
            throw new KanikoException(SandboxErrorCode.SetupFailed, $"A mount path holds a tab or a newline: '{Target}'.");
        }

        if (Secret is { } secret)
        {
            var details = string.Create(CultureInfo.InvariantCulture, $"{secret.Content.Length} {Convert.ToString(secret.Mode, 8)} {secret.Uid} {secret.Gid}");
            return $"secret\t{details}\t{Target}\tro\n";
        }

        var kind = Source is null ? "tmpfs" : Directory.Exists(Source) ? "dir" : "file";
        return $"{kind}\t{Source ?? "-"}\t{Target}\t{(ReadOnly ? "ro" : "rw")}\n";
    }
}
