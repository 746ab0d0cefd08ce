namespace Kaniko.Engine;

/// <summary>
/// The media types of the Docker v2 schema 2 and OCI image formats: every one the engine names, in
/// one place. It sits at the engine's root, beside <see cref="KanikoException"/>, rather than in
/// <c>Images</c>, because <c>Layers</c> needs the layer types too and must not lean further on
/// <c>Images</c> (the two already point at each other).
/// </summary>
public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifestSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerManifestSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciNondistributableLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsLayer(string? mediaType) => mediaType is OciLayer or OciLayerGzip or OciLayerZstd or DockerLayerGzip or DockerForeignLayerGzip;

    /// <summary>The config media type that belongs with a manifest media type.</summary>
    public static string ConfigFor(string manifestMediaType) => manifestMediaType == DockerManifest ? DockerConfig : OciConfig;

    /// <summary>A base layer's media type in the other image format (Docker or OCI), for <c>--image-format</c>; others as they are.</summary>
    public static string LayerInFormat(string layerMediaType, bool docker) => (layerMediaType, docker) switch
    {
        (OciLayerGzip, true) => DockerLayerGzip,
        (DockerLayerGzip, false) => OciLayerGzip,
        (OciLayer, true) => DockerLayer,
        (DockerLayer, false) => OciLayer,
        _ => layerMediaType,
    };
}
