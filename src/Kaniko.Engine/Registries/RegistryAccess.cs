namespace Kaniko.Engine.Registries;

/// <summary>What a request does to a repository; push implies pull.</summary>
public enum RegistryAccess
{
    Pull,
    Push,
}
