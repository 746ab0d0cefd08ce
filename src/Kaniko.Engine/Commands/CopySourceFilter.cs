using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// What a COPY leaves out beneath one source: what the context's .dockerignore excludes and what
/// the instruction's <c>--exclude</c> patterns match, relative to the source.
/// </summary>
internal sealed class CopySourceFilter(BuildContextDirectory tree, DockerignoreMatcher exclude, string sourceTop)
{
    /// <summary>A filter that keeps everything beneath <paramref name="top"/>.</summary>
    public static CopySourceFilter None(string top) => new(new BuildContextDirectory(top), DockerignoreMatcher.Empty, top);

    public bool MayIncludeBeneathExcluded =>
        tree.MayIncludeBeneathExcluded || exclude.Patterns.Any(pattern => pattern.IsException);

    public bool IsExcluded(string hostPath) =>
        tree.IsExcluded(hostPath) || exclude.IsExcluded(Path.GetRelativePath(sourceTop, hostPath).Replace('\\', '/'));
}
