namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// A typed Dockerfile instruction. <see cref="Text"/> is the instruction as written, continuation
/// lines joined, for the image history's created_by.
/// </summary>
public abstract record Instruction(SourceLocation Location, string Text);
