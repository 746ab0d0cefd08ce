using System.Globalization;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// Users and groups as the image names them: read from its own <c>/etc/passwd</c> and
/// <c>/etc/group</c> as text, never through the host's name service.
/// </summary>
public sealed class ImageAccounts
{
    private readonly Dictionary<string, (int Uid, int Gid)> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    private readonly List<(int Gid, string[] Members)> _memberships = [];

    private ImageAccounts()
    {
    }

    public static ImageAccounts Read(RootDirectory root)
    {
        var accounts = new ImageAccounts();
        foreach (var fields in ReadColonFile(root, "/etc/passwd"))
        {
            if (fields.Length >= 4 && TryParseId(fields[2], out var uid) && TryParseId(fields[3], out var gid))
            {
                accounts._users.TryAdd(fields[0], (uid, gid));
            }
        }

        foreach (var fields in ReadColonFile(root, "/etc/group"))
        {
            if (fields.Length >= 3 && TryParseId(fields[2], out var gid))
            {
                accounts._groups.TryAdd(fields[0], gid);
                if (fields.Length >= 4 && fields[3].Length > 0)
                {
                    accounts._memberships.Add((gid, fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                }
            }
        }

        return accounts;
    }

    /// <summary>
    /// Resolves <c>user[:group]</c> where each part is a name or a number. A user without a group
    /// takes the user's primary group (or the same number when the user is numeric and unknown).
    /// </summary>
    public (int Uid, int Gid) ResolveOwner(string spec)
    {
        var parts = spec.Split(':', 2);
        int uid;
        int? primaryGid = null;
        if (TryParseId(parts[0], out var numericUid))
        {
            uid = numericUid;
            primaryGid = _users.Values.Where(u => u.Uid == uid).Select(u => (int?)u.Gid).FirstOrDefault();
        }
        else if (_users.TryGetValue(parts[0], out var user))
        {
            uid = user.Uid;
            primaryGid = user.Gid;
        }
        else
        {
            throw new KanikoException(FilesystemErrorCode.UnknownUser, $"The user '{parts[0]}' is not in the image's /etc/passwd; use a numeric id or add the user first.");
        }

        if (parts.Length == 1)
        {
            return (uid, primaryGid ?? uid);
        }

        if (TryParseId(parts[1], out var numericGid))
        {
            return (uid, numericGid);
        }

        return _groups.TryGetValue(parts[1], out var gid)
            ? (uid, gid)
            : throw new KanikoException(FilesystemErrorCode.UnknownGroup, $"The group '{parts[1]}' is not in the image's /etc/group; use a numeric id or add the group first.");
    }

    /// <summary>
    /// The groups a process of <paramref name="uid"/> gets besides its own: those whose member list in
    /// <c>/etc/group</c> names the user; just <paramref name="gid"/> when none does (as runc does).
    /// </summary>
    public IReadOnlyList<int> SupplementaryGroups(int uid, int gid)
    {
        var names = _users.Where(user => user.Value.Uid == uid).Select(user => user.Key).ToHashSet(StringComparer.Ordinal);
        var groups = _memberships.Where(group => group.Members.Any(names.Contains)).Select(group => group.Gid).Distinct().ToList();
        return groups.Count == 0 ? [gid] : groups;
    }

    private static IEnumerable<string[]> ReadColonFile(RootDirectory root, string pathInImage)
    {
        var hostPath = root.Resolve(pathInImage);
        if (!File.Exists(hostPath))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(hostPath))
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return line.Split(':');
            }
        }
    }

    private static bool TryParseId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
