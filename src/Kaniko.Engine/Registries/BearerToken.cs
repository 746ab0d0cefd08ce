namespace Kaniko.Engine.Registries;

/// <summary>An access token from a token realm and when to stop using it.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset RenewAt)
{
    public bool IsFresh(TimeProvider time) => time.GetUtcNow() < RenewAt;

    public override string ToString() => $"bearer token (redacted) until {RenewAt:O}";
}
