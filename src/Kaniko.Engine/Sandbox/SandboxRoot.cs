namespace Kaniko.Engine.Sandbox;

/// <summary>
/// The folders a sandbox mounts as its <c>/</c>: an overlay whose lower folder is <see cref="Lower"/>
/// and whose changes land in <see cref="Upper"/>, or (without an upper) <see cref="Lower"/> itself,
/// bound writable, for the walking snapshotter. <see cref="Merged"/> is where it is mounted; all of
/// them but the lower live under one scratch folder, deleted with <see cref="Dispose"/>.
/// </summary>
public sealed class SandboxRoot : IDisposable
{
    private SandboxRoot(string lower, string scratch, bool overlay)
    {
        Lower = Path.GetFullPath(lower);
        Scratch = scratch;
        Merged = Path.Combine(scratch, "merged");
        Directory.CreateDirectory(Merged);
        if (overlay)
        {
            Upper = Path.Combine(scratch, "upper");
            Work = Path.Combine(scratch, "work");
            Directory.CreateDirectory(Upper);
            Directory.CreateDirectory(Work);
        }
    }

    public string Lower { get; }

    public string? Upper { get; }

    public string? Work { get; }

    public string Merged { get; }

    public string Scratch { get; }

    public bool IsOverlay => Upper is not null;

    /// <summary>The scratch folder must be on the file system that will hold the upper folder's files.</summary>
    public static SandboxRoot Overlay(string lower, string scratch) => new(lower, scratch, overlay: true);

    public static SandboxRoot Direct(string root, string scratch) => new(root, scratch, overlay: false);

    public void Dispose()
    {
        if (Directory.Exists(Scratch))
        {
            Directory.Delete(Scratch, recursive: true);
        }
    }
}
