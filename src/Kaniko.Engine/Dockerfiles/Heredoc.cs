namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// A here-document of RUN, COPY or ADD: <c>[fd]&lt;&lt;[-]NAME</c> and the lines up to NAME.
/// <see cref="Content"/> is as written (each line ending in a newline); with <see cref="Chomp"/>
/// (<c>&lt;&lt;-</c>) <see cref="Text"/> drops each line's leading tabs. A quoted name turns expansion off.
/// </summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp, int? FileDescriptor)
{
    public string Text => Chomp
        ? string.Concat(Content.Split('\n').Select((line, index) => (index == 0 ? "" : "\n") + line.TrimStart('\t')))
        : Content;
}
