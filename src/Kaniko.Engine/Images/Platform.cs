using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>An OS/architecture pair with the GOOS/GOARCH names images use (<c>linux/amd64</c>, <c>linux/arm/v7</c>).</summary>
public sealed record Platform(
    [property: JsonPropertyName("os"), JsonPropertyOrder(1)] string Os,
    [property: JsonPropertyName("architecture"), JsonPropertyOrder(0)] string Architecture,
    [property: JsonPropertyName("variant"), JsonPropertyOrder(4)] string? Variant = null)
{
    [JsonPropertyName("os.version")]
    [JsonPropertyOrder(2)]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    // set, not init: generated serializers fill init-only members through the constructor, which extension data cannot take.
    [JsonExtensionData]
    [JsonPropertyOrder(5)]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The platform this process runs on, as the Linux images it should pull.</summary>
    public static Platform Host { get; } = FromArchitecture(RuntimeInformation.OSArchitecture);

    public static Platform Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string[] parts = value.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
        {
            throw new KanikoException(
                ImageErrorCode.InvalidPlatform,
                $"'{value}' is not a valid platform. Write it as os/architecture[/variant], e.g. 'linux/amd64' or 'linux/arm/v7'.");
        }

        return new Platform(
            parts[0].ToLowerInvariant(),
            parts[1].ToLowerInvariant(),
            parts.Length == 3 ? parts[2].ToLowerInvariant() : null);
    }

    /// <summary>
    /// Whether an image built for <paramref name="candidate"/> serves this platform. A missing variant
    /// on either side means the architecture's default (arm64 is v8, arm is v7), as containerd does.
    /// </summary>
    public bool IsSatisfiedBy(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!string.Equals(Os, candidate.Os, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Architecture, candidate.Architecture, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Variant is null)
        {
            return true;
        }

        return HasSameVariantAs(candidate);
    }

    public bool Equals(Platform? other)
        => other is not null
            && Os == other.Os
            && Architecture == other.Architecture
            && Variant == other.Variant
            && OsVersion == other.OsVersion;

    public override int GetHashCode() => HashCode.Combine(Os, Architecture, Variant, OsVersion);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    internal bool HasSameVariantAs(Platform other)
        => string.Equals(NormalizedVariant, other.NormalizedVariant, StringComparison.OrdinalIgnoreCase);

    private string? NormalizedVariant => Variant ?? Architecture switch
    {
        "arm64" => "v8",
        "arm" => "v7",
        _ => null,
    };

    private static Platform FromArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => new("linux", "amd64"),
        System.Runtime.InteropServices.Architecture.X86 => new("linux", "386"),
        System.Runtime.InteropServices.Architecture.Arm64 => new("linux", "arm64", "v8"),
        System.Runtime.InteropServices.Architecture.Arm => new("linux", "arm", "v7"),
        System.Runtime.InteropServices.Architecture.Armv6 => new("linux", "arm", "v6"),
        System.Runtime.InteropServices.Architecture.S390x => new("linux", "s390x"),
        System.Runtime.InteropServices.Architecture.Ppc64le => new("linux", "ppc64le"),
        System.Runtime.InteropServices.Architecture.LoongArch64 => new("linux", "loong64"),
        System.Runtime.InteropServices.Architecture.RiscV64 => new("linux", "riscv64"),
        _ => new("linux", architecture.ToString().ToLowerInvariant()),
    };
}
