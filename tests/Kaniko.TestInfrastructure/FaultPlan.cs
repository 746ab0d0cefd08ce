namespace Kaniko.TestInfrastructure;

/// <summary>
/// What a <see cref="FaultInjectingProxy"/> does to requests, each a probability per request: reset
/// the connection, answer 500/503, answer 429 with <c>Retry-After: 1</c>, cut a response body short;
/// and how many blob downloads get one byte flipped (-1: all).
/// </summary>
public sealed record FaultPlan(
    double ResetProbability = 0,
    double ServerErrorProbability = 0,
    double TooManyRequestsProbability = 0,
    double TruncateProbability = 0,
    int CorruptBlobDownloads = 0,
    int Seed = 1);
