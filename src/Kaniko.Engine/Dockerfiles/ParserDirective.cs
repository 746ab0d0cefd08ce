namespace Kaniko.Engine.Dockerfiles;

/// <summary>A "# name=value" parser directive (syntax, escape, check) from the top of the file.</summary>
public sealed record ParserDirective(string Name, string Value, int Line);
