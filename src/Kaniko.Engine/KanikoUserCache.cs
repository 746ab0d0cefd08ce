namespace Kaniko.Engine;

/// <summary>Where Kaniko keeps what it caches for the user by default: <c>~/.cache/kaniko/</c>.</summary>
internal static class KanikoUserCache
{
    public static string Folder(string name) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kaniko", name);
}
