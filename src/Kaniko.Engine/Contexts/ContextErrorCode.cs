namespace Kaniko.Engine.Contexts;

/// <summary>Stable codes of the errors raised while finding the build context and its Dockerfile.</summary>
public static class ContextErrorCode
{
    /// <summary>The build context does not exist or is not a folder.</summary>
    public const string ContextMissing = "KANIKO4001";

    /// <summary>The Dockerfile does not exist.</summary>
    public const string DockerfileMissing = "KANIKO4002";

    /// <summary>The Dockerfile or ignore file in the context is not a regular file.</summary>
    public const string NotARegularFile = "KANIKO4004";
}
