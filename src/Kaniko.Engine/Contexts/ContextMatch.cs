namespace Kaniko.Engine.Contexts;

/// <summary>
/// One source COPY found in a tree: <see cref="HostPath"/> is what to read (links followed inside
/// the tree), <see cref="NamedPath"/> where it was found, with a final link left as it is. A copy
/// takes its name from the latter, as BuildKit names <c>COPY /dir/link /out/</c> <c>/out/link</c>.
/// </summary>
public readonly record struct ContextMatch(string HostPath, string NamedPath);
