namespace Kaniko.TestInfrastructure;

/// <summary>A request the <see cref="FaultInjectingProxy"/> saw and the fault it injected ("none" when forwarded intact).</summary>
public sealed record ProxiedRequest(string Method, string PathAndQuery, string Fault);
