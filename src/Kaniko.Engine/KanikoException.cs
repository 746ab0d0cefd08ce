namespace Kaniko.Engine;

/// <summary>
/// An error the user can act on. <see cref="Code"/> is stable (KANIKOnnnn) so front doors map it to
/// MSBuild error codes, exit codes and pipeline issues without parsing messages.
/// </summary>
public class KanikoException : Exception
{
    public KanikoException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public string Code { get; }
}
