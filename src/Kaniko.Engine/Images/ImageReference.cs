using System.Diagnostics.CodeAnalysis;

namespace Kaniko.Engine.Images;

/// <summary>
/// A parsed <c>registry/repository:tag@digest</c>, normalized as Docker does: no registry means
/// <c>docker.io</c>, a one-part Docker Hub name lives under <c>library/</c>, no tag and no digest means <c>latest</c>.
/// </summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DockerHubApiHost = "registry-1.docker.io";
    public const string DefaultTag = "latest";

    private const string Example =
        "A valid reference looks like 'busybox', 'busybox:1.36', 'registry.example.com:5000/team/app:1.0' or 'team/app@sha256:<64 lowercase hex>'.";

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host, with its port if any: <c>docker.io</c>, <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry: <c>library/busybox</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>The host the distribution API answers on (Docker Hub's differs from its name).</summary>
    public string RegistryApiHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    /// <summary>What goes after <c>/manifests/</c>: the digest when pinned, else the tag.</summary>
    public string Reference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary><c>registry/repository</c> without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string value)
    {
        if (TryParse(value, out var reference, out string? reason))
        {
            return reference;
        }

        throw new KanikoException(ImageErrorCode.InvalidReference, $"'{value}' is not a valid image reference: {reason}. {Example}");
    }

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ImageReference? reference)
        => TryParse(value, out reference, out _);

    /// <summary>The same repository at <paramref name="tag"/>; any digest is dropped so the tag is what gets addressed.</summary>
    public ImageReference WithTag(string tag)
    {
        if (!ReferenceGrammar.Tag().IsMatch(tag ?? string.Empty))
        {
            throw new KanikoException(ImageErrorCode.InvalidReference, $"'{tag}' is not a valid tag: {TagRule}.");
        }

        return new ImageReference(Registry, Repository, tag, null);
    }

    /// <summary>The same repository pinned to <paramref name="digest"/>; the tag is kept for display.</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    public override string ToString()
    {
        string text = Name;
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is { } digest)
        {
            text += "@" + digest;
        }

        return text;
    }

    private const string TagRule =
        "a tag is 1 to 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'";

    private static bool TryParse(
        string? value,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? reason)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            reason = "it is empty";
            return false;
        }

        string name = value;
        if (!TrySplitDigest(ref name, out var digest, out reason)
            || !TrySplitRegistry(ref name, out var registry, out reason)
            || !TrySplitTag(ref name, out var tag, out reason)
            || !TryNormalizeRepository(registry, ref name, out reason))
        {
            return false;
        }

        reference = new ImageReference(registry, name, tag ?? (digest is null ? DefaultTag : null), digest);
        return true;
    }

    /// <summary>Takes a trailing <c>@digest</c> off <paramref name="name"/>.</summary>
    private static bool TrySplitDigest(ref string name, out Digest? digest, [NotNullWhen(false)] out string? reason)
    {
        digest = null;
        reason = null;
        int at = name.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return true;
        }

        string digestText = name[(at + 1)..];
        if (!Images.Digest.TryParse(digestText, out var parsed))
        {
            reason = $"the digest '{digestText}' is not 'sha256:' followed by 64 lowercase hex characters";
            return false;
        }

        digest = parsed;
        name = name[..at];
        return true;
    }

    /// <summary>Takes a leading registry off <paramref name="name"/>, or says <c>docker.io</c> when there is none.</summary>
    private static bool TrySplitRegistry(ref string name, out string registry, [NotNullWhen(false)] out string? reason)
    {
        registry = DockerHub;
        reason = null;
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !LooksLikeRegistry(name[..slash]))
        {
            return true;
        }

        registry = NormalizeRegistry(name[..slash]);
        name = name[(slash + 1)..];
        if (!ReferenceGrammar.IsRegistry(registry))
        {
            reason = $"the registry '{registry}' is not a host name or IP address with an optional port";
            return false;
        }

        return true;
    }

    /// <summary>Takes a trailing <c>:tag</c> (after the last '/') off <paramref name="name"/>.</summary>
    private static bool TrySplitTag(ref string name, out string? tag, [NotNullWhen(false)] out string? reason)
    {
        tag = null;
        reason = null;
        int colon = name.LastIndexOf(':');
        if (colon < 0 || colon <= name.LastIndexOf('/'))
        {
            return true;
        }

        tag = name[(colon + 1)..];
        name = name[..colon];
        if (!ReferenceGrammar.Tag().IsMatch(tag))
        {
            reason = $"the tag '{tag}' is invalid; {TagRule}";
            return false;
        }

        return true;
    }

    /// <summary>Puts a one-part Docker Hub name under <c>library/</c> and checks the path's grammar and length.</summary>
    private static bool TryNormalizeRepository(string registry, ref string name, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (name.Length == 0)
        {
            reason = "the repository name is missing";
            return false;
        }

        if (registry == DockerHub && !name.Contains('/', StringComparison.Ordinal))
        {
            name = "library/" + name;
        }

        foreach (string component in name.Split('/'))
        {
            if (!ReferenceGrammar.PathComponent().IsMatch(component))
            {
                reason = component.Any(char.IsUpper)
                    ? $"repository names must be lowercase ('{component}' is not)"
                    : $"the repository path component '{component}' may only hold lowercase letters, digits and single '.', '_', '__' or '-' separators between them";
                return false;
            }
        }

        if (registry.Length + 1 + name.Length > ReferenceGrammar.MaxNameLength)
        {
            reason = $"the name is longer than {ReferenceGrammar.MaxNameLength} characters";
            return false;
        }

        return true;
    }

    // As Docker decides: the first component is a registry only if it could not be a Docker Hub user.
    private static bool LooksLikeRegistry(string component)
        => component.Contains('.', StringComparison.Ordinal)
            || component.Contains(':', StringComparison.Ordinal)
            || component == "localhost";

    private static string NormalizeRegistry(string registry)
        => registry is "index.docker.io" or DockerHubApiHost ? DockerHub : registry;
}
