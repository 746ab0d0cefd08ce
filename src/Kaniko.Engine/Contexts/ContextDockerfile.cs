using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Contexts;

/// <summary>
/// Where a build reads its Dockerfile and ignore file. One named inside the context is found inside
/// it as a chroot at its top would find it, as BuildKit follows links in the context it sends: a
/// <c>Dockerfile</c> linked to <c>/etc/shadow</c> means <c>&lt;context&gt;/etc/shadow</c>, never the
/// host's. Only a path named outside the context (an explicit <c>-f</c>, stdin) is read as given.
/// </summary>
public static class ContextDockerfile
{
    /// <summary>The host path to read the Dockerfile <paramref name="dockerfilePath"/> (relative to the context unless absolute) from.</summary>
    public static string Locate(BuildContextDirectory context, string dockerfilePath)
    {
        var named = Named(context, dockerfilePath);
        if (!context.Contains(named))
        {
            return File.Exists(named)
                ? named
                : throw new KanikoException(ContextErrorCode.DockerfileMissing, $"The Dockerfile '{named}' does not exist; name it with --dockerfile.");
        }

        var found = context.ResolveInside(named);
        if (FileStatus.TryRead(found) is not { } status)
        {
            throw new KanikoException(ContextErrorCode.DockerfileMissing, $"The Dockerfile '{named}' does not exist{LinkNote(named)}; name it with --dockerfile.");
        }

        return status.IsRegularFile ? found : throw NotAFile("Dockerfile", named);
    }

    /// <summary>
    /// The context's exclusions: <c>&lt;Dockerfile&gt;.dockerignore</c> beside the Dockerfile (as named,
    /// not where a link leads) wins over <c>.dockerignore</c> at the context's top.
    /// </summary>
    public static DockerignoreMatcher LoadIgnore(BuildContextDirectory context, string dockerfilePath)
    {
        foreach (var named in new[] { Named(context, dockerfilePath) + ".dockerignore", Path.Combine(context.HostPath, ".dockerignore") })
        {
            if (!context.Contains(named))
            {
                if (File.Exists(named))
                {
                    return DockerignoreMatcher.Parse(File.ReadAllText(named), named);
                }

                continue;
            }

            var found = context.ResolveInside(named);
            if (FileStatus.TryRead(found) is { } status)
            {
                return status.IsRegularFile ? DockerignoreMatcher.Parse(File.ReadAllText(found), named) : throw NotAFile("ignore file", named);
            }
        }

        return DockerignoreMatcher.Empty;
    }

    private static string Named(BuildContextDirectory context, string dockerfilePath) =>
        Path.GetFullPath(Path.IsPathRooted(dockerfilePath) ? dockerfilePath : Path.Combine(context.HostPath, dockerfilePath));

    private static string LinkNote(string named) =>
        new FileInfo(named).LinkTarget is { } target
            ? $" in the build context: it is a link to '{target}', and links in the context resolve inside it, as BuildKit's do"
            : "";

    private static KanikoException NotAFile(string what, string named) =>
        new(ContextErrorCode.NotARegularFile, $"The {what} '{named}' is not a regular file (a folder, pipe, socket or device); it is not read.");
}
