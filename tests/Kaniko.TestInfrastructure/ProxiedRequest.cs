namespace Kaniko.TestInfrastructure;

/// <summary>
/// A request the <see cref="FaultInjectingProxy"/> saw, the fault it injected ("none" when forwarded
/// intact) and the length of its body.
/// </summary>
public sealed record ProxiedRequest(string Method, string PathAndQuery, string Fault, long ContentLength = 0);
