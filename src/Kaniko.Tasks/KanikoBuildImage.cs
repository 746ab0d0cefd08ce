using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

/// <summary>
/// Builds an image from a publish folder in-process, through the engine. Inputs and outputs are
/// declared here; what it does is in KanikoBuildImage.Execute.cs.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns the task's lifetime and may cancel after Execute returns.")]
public sealed partial class KanikoBuildImage : Microsoft.Build.Utilities.Task, ICancelableTask
{
    [Required]
    public string ContextDirectory { get; set; } = "";

    [Required]
    public string DockerfilePath { get; set; } = "";

    /// <summary>Full references (registry/repository:tag) to push to; none builds without pushing.</summary>
    public string[] Destinations { get; set; } = [];

    /// <summary>Repository:tag names recorded in the docker archive when nothing is pushed.</summary>
    public string[] ArchiveTags { get; set; } = [];

    public string? OciLayoutPath { get; set; }

    public string? ArchivePath { get; set; }

    public string[] InsecureRegistries { get; set; } = [];

    /// <summary>KanikoRegistryMaps: <c>FROM=TO</c> entries; pulls from registry FROM try TO first (a mirror), as --registry-map.</summary>
    public string[] RegistryMaps { get; set; } = [];

    /// <summary>KanikoCacheDir: base images are taken from this cache folder (dotnet kaniko warm fills it) and pulled ones stored there; with KanikoCache, layers too.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>KanikoCache: reuse COPY/RUN layers stored under the same key (as --cache).</summary>
    public bool Cache { get; set; }

    /// <summary>KanikoCacheRepo: the registry repository of cache layers (as --cache-repo).</summary>
    public string? CacheRepository { get; set; }

    /// <summary>ContainerImageFormat: Docker or OCI manifests; empty keeps the base image's format, as the SDK does.</summary>
    public string? ImageFormat { get; set; }

    /// <summary>ContainerRuntimeIdentifier: the platform picked from a multi-platform base and written to the config.</summary>
    public string? RuntimeIdentifier { get; set; }

    public bool Reproducible { get; set; } = true;

    /// <summary>KanikoBuildArgs: <c>NAME=value</c>, or a bare <c>NAME</c> to take the environment's value.</summary>
    public string[] BuildArgs { get; set; } = [];

    /// <summary>KanikoBuildServer: build in the long-lived build server (started when there is none) rather than in MSBuild's process.</summary>
    public bool UseBuildServer { get; set; }

    /// <summary>Where the last build's fingerprint and result are kept; none means always build.</summary>
    public string? StateFile { get; set; }

    [Output]
    public string ManifestDigest { get; private set; } = "";

    /// <summary>The image, with metadata Digest, Reference, Tags and ArchivePath.</summary>
    [Output]
    public ITaskItem? Image { get; private set; }
}
