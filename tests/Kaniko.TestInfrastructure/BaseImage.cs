namespace Kaniko.TestInfrastructure;

/// <summary>The base images the tests build on, made offline from Debian packages and the installed SDK.</summary>
public enum BaseImage
{
    Busybox,
    DotnetRuntimeDeps,
    DotnetRuntime,
    DotnetAspnet,
}
