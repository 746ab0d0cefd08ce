namespace Kaniko.Engine.Registries;

/// <summary>Whether a request can be sent again: no body, or a body held in memory (never a caller's stream).</summary>
internal static class ReplayableContent
{
    public static bool Is(HttpRequestMessage request) => request.Content is null or ByteArrayContent;
}
