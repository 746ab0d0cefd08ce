using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Sandbox;

/// <summary>The ids a sandboxed process runs as.</summary>
public sealed record SandboxUser(int Uid, int Gid, IReadOnlyList<int> SupplementaryGroups)
{
    public static SandboxUser Root { get; } = new(0, 0, []);

    /// <summary>
    /// USER as the image's own <c>/etc/passwd</c> and <c>/etc/group</c> define it: an empty spec is root;
    /// supplementary groups are the groups that list the user by name, as runc sets them.
    /// </summary>
    public static SandboxUser Resolve(RootDirectory root, string? spec)
    {
        var accounts = ImageAccounts.Read(root);
        if (string.IsNullOrEmpty(spec))
        {
            return new SandboxUser(0, 0, accounts.SupplementaryGroups(0, 0));
        }

        var (uid, gid) = accounts.ResolveOwner(spec);
        return new SandboxUser(uid, gid, accounts.SupplementaryGroups(uid, gid));
    }
}
