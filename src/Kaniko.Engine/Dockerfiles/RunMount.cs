namespace Kaniko.Engine.Dockerfiles;

/// <summary>One RUN --mount: its type (bind, cache, tmpfs, secret, ssh) and its other key=value options as written.</summary>
public sealed record RunMount(string Type, IReadOnlyDictionary<string, string> Options);
