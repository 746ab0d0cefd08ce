namespace Kaniko.Engine.Filesystem;

/// <summary>What a walk found at one component: a link to follow, or something to enter.</summary>
internal readonly record struct ChrootStep<T>(T? Entered, string? LinkTarget)
{
    public static ChrootStep<T> Enter(T entered) => new(entered, null);

    public static ChrootStep<T> Follow(string linkTarget) => new(default, linkTarget);
}

/// <summary>
/// A path walked component by component as chroot walks it, over any tree (a folder on disk, an
/// image's tree in memory): empty and "." components skipped, ".." going back one but never above
/// the root, a link's target spliced in its place (an absolute one restarting at the root), at most
/// Linux's 40 links (MAXSYMLINKS).
/// </summary>
internal static class ChrootWalk
{
    private const int MaxLinksFollowed = 40;

    /// <summary>
    /// What <paramref name="visit"/> entered, root first. It is given what was entered so far, the
    /// next component, and whether more components follow it.
    /// </summary>
    public static List<T> Walk<T>(IEnumerable<string> components, string pathForMessages, Func<List<T>, string, bool, ChrootStep<T>> visit)
    {
        var pending = new Stack<string>(components.Reverse());
        var entered = new List<T>();
        var linksFollowed = 0;
        while (pending.TryPop(out var component))
        {
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (entered.Count > 0)
                {
                    entered.RemoveAt(entered.Count - 1);
                }

                continue;
            }

            var step = visit(entered, component, pending.Count > 0);
            if (step.LinkTarget is { } target)
            {
                if (++linksFollowed > MaxLinksFollowed)
                {
                    throw new KanikoException(FilesystemErrorCode.TooManySymlinks,
                        $"'{pathForMessages}' goes through more than {MaxLinksFollowed} symbolic links inside the image.");
                }

                if (target.StartsWith('/'))
                {
                    entered.Clear();
                }

                foreach (var part in target.Split('/').Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            entered.Add(step.Entered!);
        }

        return entered;
    }
}
