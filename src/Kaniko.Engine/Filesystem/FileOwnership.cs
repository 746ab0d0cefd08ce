using System.Runtime.InteropServices;

namespace Kaniko.Engine.Filesystem;

/// <summary>Sets owners on paths without following links; only root may give files away.</summary>
public static class FileOwnership
{
    public static bool CanChangeOwner { get; } = OperatingSystem.IsLinux() && NativeMethods.Geteuid() == 0;

    public static void Set(string path, int uid, int gid)
    {
        if (!CanChangeOwner)
        {
            return;
        }

        if (NativeMethods.Lchown(path, uid, gid) != 0)
        {
            throw new IOException($"Cannot set the owner of '{path}' to {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
