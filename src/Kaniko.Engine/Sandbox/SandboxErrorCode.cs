namespace Kaniko.Engine.Sandbox;

/// <summary>Stable codes of the errors raised while running a process in the sandbox (KANIKO5xxx).</summary>
public static class SandboxErrorCode
{
    /// <summary>The command ran and exited with a non-zero code.</summary>
    public const string CommandFailed = "KANIKO5001";

    /// <summary>The sandbox could not be set up (a mount or namespace was refused).</summary>
    public const string SetupFailed = "KANIKO5002";

    /// <summary>The process lacks what the sandbox needs: Linux, root (CAP_SYS_ADMIN), util-linux.</summary>
    public const string Unavailable = "KANIKO5003";

    /// <summary>A path the sandbox mounts over is a symbolic link in the image.</summary>
    public const string UnsafeMountPoint = "KANIKO5004";

    /// <summary><c>dotnet kaniko run</c>: the image has neither Entrypoint nor Cmd and no command was given.</summary>
    public const string NothingToRun = "KANIKO5005";

    /// <summary>A RUN <c>--mount</c> is malformed or names a missing secret or stage.</summary>
    public const string InvalidRunMount = "KANIKO5006";

    /// <summary>A <c>--secret</c> flag is malformed or its source is missing.</summary>
    public const string InvalidSecret = "KANIKO5007";
}
