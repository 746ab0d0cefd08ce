namespace Kaniko.TestInfrastructure;

/// <summary>One token the <see cref="TokenServer"/> issued: how it was asked for, for whom, and what it allows.</summary>
public sealed record TokenGrant(string Method, string GrantType, string? Account, string? Scope, IReadOnlyList<string> GrantedActions);
