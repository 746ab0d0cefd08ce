namespace Kaniko.Engine.Building;

/// <summary>The manifest and config media types of the built image (<c>--image-format</c>).</summary>
public enum ImageFormat
{
    /// <summary>The base image's format (OCI for scratch).</summary>
    Base,
    Docker,
    Oci,
}
