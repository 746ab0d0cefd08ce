namespace Kaniko.Engine.Registries;

/// <summary>Stable codes of the errors of exchanges with a registry (KANIKO11xx); <see cref="RegistryFailures"/> makes the exceptions.</summary>
public static class RegistryErrorCode
{
    /// <summary>The registry answered with an error status.</summary>
    public const string HttpStatus = "KANIKO1101";

    /// <summary>The registry could not be reached.</summary>
    public const string Unreachable = "KANIKO1102";

    /// <summary>The registry sent content that does not match its digest or size.</summary>
    public const string ContentMismatch = "KANIKO1103";

    /// <summary>The image has no manifest for the requested platform.</summary>
    public const string NoMatchingPlatform = "KANIKO1104";

    /// <summary>The manifest is of a kind Kaniko does not read.</summary>
    public const string UnsupportedManifest = "KANIKO1105";

    /// <summary>A manifest or token is larger than Kaniko accepts.</summary>
    public const string TooLarge = "KANIKO1106";

    /// <summary>The registry broke the distribution protocol.</summary>
    public const string Protocol = "KANIKO1107";

    /// <summary>The registry refused the credentials.</summary>
    public const string AuthenticationFailed = "KANIKO1108";

    /// <summary>A registry setting (mirror, certificate, credential helper) is invalid.</summary>
    public const string Configuration = "KANIKO1109";
}
