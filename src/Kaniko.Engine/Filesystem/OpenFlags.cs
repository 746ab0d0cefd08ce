namespace Kaniko.Engine.Filesystem;

/// <summary>The flags of open(2) and openat(2) on Linux, for the engine's own system calls.</summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NonBlocking = 0x800;
    public const int Directory = 0x10000;
    public const int NoFollow = 0x20000;
    public const int CloseOnExec = 0x80000;
    public const int Path = 0x200000;
}
