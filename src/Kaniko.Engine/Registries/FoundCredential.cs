namespace Kaniko.Engine.Registries;

/// <summary>A credential and where it came from (a place, never the secret, so it can be logged).</summary>
internal sealed record FoundCredential(RegistryCredential Credential, string Source);
