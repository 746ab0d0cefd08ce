namespace Kaniko.Engine.Images;

/// <summary>Stable codes of the errors raised while reading references, digests, platforms, image JSON, docker archives and OCI layouts (KANIKO10xx, 11[56]x).</summary>
public static class ImageErrorCode
{
    /// <summary>An image reference or tag is malformed.</summary>
    public const string InvalidReference = "KANIKO1001";

    /// <summary>A digest is malformed.</summary>
    public const string InvalidDigest = "KANIKO1002";

    /// <summary>A platform is not os/architecture[/variant].</summary>
    public const string InvalidPlatform = "KANIKO1003";

    /// <summary>A manifest, index or config is not valid JSON for its format.</summary>
    public const string InvalidJson = "KANIKO1004";

    /// <summary>Content does not match its digest or size.</summary>
    public const string VerificationFailed = "KANIKO1005";

    /// <summary>The docker archive does not exist.</summary>
    public const string DockerArchiveMissing = "KANIKO1150";

    /// <summary>The file is not a docker archive.</summary>
    public const string NotADockerArchive = "KANIKO1151";

    /// <summary>The docker archive has no (single) image matching the reference.</summary>
    public const string DockerArchiveImageNotFound = "KANIKO1152";

    /// <summary>The docker archive is damaged.</summary>
    public const string DockerArchiveDamaged = "KANIKO1153";

    /// <summary>The folder is not an OCI image layout.</summary>
    public const string NotAnOciLayout = "KANIKO1160";

    /// <summary>The OCI layout has no image with the requested tag.</summary>
    public const string OciLayoutTagNotFound = "KANIKO1161";

    /// <summary>The OCI layout has no image for the requested platform.</summary>
    public const string OciLayoutPlatformNotFound = "KANIKO1162";

    /// <summary>A blob in the OCI layout does not match its digest.</summary>
    public const string OciLayoutBlobMismatch = "KANIKO1163";
}
