namespace Kaniko.Engine.Server;

/// <summary>Stable codes of the build server (KANIKO13xx).</summary>
internal static class BuildServerErrorCode
{
    /// <summary>The build server received a request with no build in it.</summary>
    public const string EmptyRequest = "KANIKO1301";

    /// <summary>The build server failed with an error that is not one of Kaniko's own.</summary>
    public const string ServerFailed = "KANIKO1302";
}
