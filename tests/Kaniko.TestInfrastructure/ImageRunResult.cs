namespace Kaniko.TestInfrastructure;

/// <summary>What a process run from an image left behind.</summary>
public sealed record ImageRunResult(int ExitCode, string StandardOutput, string StandardError);
