namespace Kaniko.Engine.Dockerfiles;

/// <summary>The syntax tree of a Dockerfile: its parser directives, escape character and instruction nodes.</summary>
public sealed record DockerfileSyntax(string FileName, char Escape, IReadOnlyList<ParserDirective> Directives, IReadOnlyList<InstructionNode> Nodes);
