namespace Kaniko.Engine;

/// <summary>
/// An error the user can act on. <see cref="Code"/> is stable (KANIKOnnnn) so front doors map it to
/// MSBuild error codes, exit codes and pipeline issues without parsing messages. The message keeps
/// its line feeds but no other control character (see <see cref="TerminalText"/>): it often quotes
/// what a Dockerfile or a process wrote, and it ends up on a terminal.
/// </summary>
public class KanikoException : Exception
{
    public KanikoException(string code, string message, Exception? inner = null)
        : base(TerminalText.Escape(message, keepLineFeeds: true), inner)
    {
        Code = code;
    }

    public string Code { get; }
}
