namespace Kaniko.Engine.Registries;

/// <summary>A registry refused, failed or could not be reached; the message says which, during what, and what to do.</summary>
public sealed class RegistryException : KanikoException
{
    public RegistryException(string code, string registry, int? statusCode, string message, Exception? inner = null, string? errorCode = null)
        : base(code, message, inner)
    {
        Registry = registry;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public string Registry { get; }

    /// <summary>The HTTP status, or null when no response came (unreachable) or the content was wrong.</summary>
    public int? StatusCode { get; }

    /// <summary>The registry's first error code (<c>MANIFEST_UNKNOWN</c>, <c>DENIED</c>, <c>UNAUTHORIZED</c>...), if it sent one.</summary>
    public string? ErrorCode { get; }
}
