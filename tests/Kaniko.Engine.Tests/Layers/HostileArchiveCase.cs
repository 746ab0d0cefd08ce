namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// One hostile archive: <see cref="Build"/> gets the sentinel folder's absolute path and returns the
/// layers; the outcome is either <see cref="ErrorCode"/> with the entry its message must name, or
/// the checks in <see cref="Inside"/>: "p=text" a file, "p=&gt;text" a path read through the root's
/// own links, "p==q" two paths that lead through the root's links to one inode (hard links),
/// "p-&gt;target" a symlink, "p/" a folder, "!p" nothing. "{S}" stands for the sentinel path
/// without its leading "/", "{/S}" for the whole path.
/// </summary>
internal sealed record HostileArchiveCase(string Name, Func<string, RawTar> Build, string? ErrorCode, string? Entry, string[] Inside)
{
    public static HostileArchiveCase Error(string name, string code, string entry, Func<string, RawTar> build) =>
        new(name, build, code, entry, []);

    public static HostileArchiveCase Contained(string name, Func<string, RawTar> build, params string[] inside) =>
        new(name, build, null, null, inside);

    public override string ToString() => Name;
}
