namespace Kaniko.TestInfrastructure;

/// <summary>
/// What a <see cref="FaultInjectingProxy"/> does to requests, each a probability per request: reset
/// the connection, answer 500/503, answer 429 with <c>Retry-After: 1</c>, cut a response body short;
/// and how many blob downloads get one byte flipped (-1: all). <paramref name="RejectBodiesLargerThan"/>
/// answers 413 to a PUT or PATCH with a longer body (as a proxy's body limit does);
/// <paramref name="CutPatchRequests"/> names PATCH requests (1 for the first) whose body is forwarded
/// only halfway before both connections break (distribution then refuses to resume the session);
/// <paramref name="BreakPatchRequests"/> names PATCH requests whose connection breaks after half the body
/// was read, with nothing of it forwarded. A GET of the blob <paramref name="StallBlob"/> names
/// (<c>sha256:HEX</c>) gets no answer at all: the connection stays open and silent until the client
/// closes it, as a hung registry or a dead network path does.
/// </summary>
public sealed record FaultPlan(
    double ResetProbability = 0,
    double ServerErrorProbability = 0,
    double TooManyRequestsProbability = 0,
    double TruncateProbability = 0,
    int CorruptBlobDownloads = 0,
    int Seed = 1,
    long RejectBodiesLargerThan = 0,
    int[]? CutPatchRequests = null,
    int[]? BreakPatchRequests = null,
    string? StallBlob = null);
