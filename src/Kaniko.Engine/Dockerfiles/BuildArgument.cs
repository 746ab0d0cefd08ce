namespace Kaniko.Engine.Dockerfiles;

/// <summary>One name of an ARG instruction with its default (null when it has none).</summary>
public sealed record BuildArgument(string Name, string? Default);
