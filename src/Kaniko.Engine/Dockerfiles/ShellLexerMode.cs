namespace Kaniko.Engine.Dockerfiles;

/// <summary>How much of the text the shell lexer keeps as written (BuildKit's RawQuotes, RawEscapes, SkipUnsetEnv).</summary>
[Flags]
internal enum ShellLexerMode
{
    None = 0,

    /// <summary>Quotes stay in the result (heredoc markers need to know whether they were quoted).</summary>
    RawQuotes = 1,

    /// <summary>Escape characters stay in the result.</summary>
    RawEscapes = 2,

    /// <summary>Unset variables stay as written instead of expanding to nothing.</summary>
    SkipUnset = 4,
}
