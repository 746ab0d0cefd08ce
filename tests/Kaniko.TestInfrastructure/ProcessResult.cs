namespace Kaniko.TestInfrastructure;

/// <summary>What a finished program left behind.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
