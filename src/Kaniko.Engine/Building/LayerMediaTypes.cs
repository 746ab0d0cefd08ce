using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

/// <summary>A base layer's media type in the other image format, for <c>--image-format</c>.</summary>
internal static class LayerMediaTypes
{
    private const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    public static string For(string mediaType, bool docker) => (mediaType, docker) switch
    {
        (MediaTypes.OciLayerGzip, true) => MediaTypes.DockerLayerGzip,
        (MediaTypes.DockerLayerGzip, false) => MediaTypes.OciLayerGzip,
        (MediaTypes.OciLayer, true) => DockerLayerTar,
        (DockerLayerTar, false) => MediaTypes.OciLayer,
        _ => mediaType,
    };
}
