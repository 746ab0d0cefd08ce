namespace Kaniko.Engine.Sandbox;

/// <summary>A secret file of RUN --mount=type=secret: its bytes, and the mode and owner it has in the sandbox.</summary>
public sealed record SandboxSecret(byte[] Content, int Mode, int Uid, int Gid);
