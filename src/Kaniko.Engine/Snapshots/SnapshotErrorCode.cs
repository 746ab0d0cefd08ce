namespace Kaniko.Engine.Snapshots;

/// <summary>Stable codes of the errors raised while turning changes into a layer (KANIKO23xx).</summary>
internal static class SnapshotErrorCode
{
    /// <summary>A path an instruction wrote is a socket, which a layer cannot hold.</summary>
    public const string SocketInLayer = "KANIKO2301";
}
