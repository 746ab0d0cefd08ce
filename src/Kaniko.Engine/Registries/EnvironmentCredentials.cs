using System.Text;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Credentials from environment variables. Per registry: <c>KANIKO_REGISTRY_&lt;NAME&gt;_USERNAME</c>
/// and <c>_PASSWORD</c>, NAME being the registry (<c>host[:port]</c>, Docker Hub as <c>docker.io</c>)
/// upper-cased with every character but letters and digits as <c>_</c>
/// (<c>KANIKO_REGISTRY_GHCR_IO_USERNAME</c>, <c>KANIKO_REGISTRY_127_0_0_1_5000_PASSWORD</c>). Then the
/// .NET SDK's, for any registry: <c>DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/PWORD</c> when pushing,
/// <c>DOTNET_CONTAINER_PULL_REGISTRY_UNAME/PWORD</c> when pulling, then <c>DOTNET_CONTAINER_REGISTRY_UNAME/PWORD</c>.
/// </summary>
internal static class EnvironmentCredentials
{
    public static FoundCredential? Find(RegistryEnvironment environment, string registry, RegistryAccess access)
    {
        string prefix = VariablePrefix(registry);
        string direction = access == RegistryAccess.Push ? "PUSH" : "PULL";
        return Pair(environment, prefix + "USERNAME", prefix + "PASSWORD")
            ?? Pair(environment, $"DOTNET_CONTAINER_{direction}_REGISTRY_UNAME", $"DOTNET_CONTAINER_{direction}_REGISTRY_PWORD")
            ?? Pair(environment, "DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD");
    }

    public static string VariablePrefix(string registry)
    {
        var name = new StringBuilder("KANIKO_REGISTRY_");
        foreach (char c in RegistryName.Normalize(registry))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return name.Append('_').ToString();
    }

    private static FoundCredential? Pair(RegistryEnvironment environment, string usernameVariable, string passwordVariable)
        => environment[usernameVariable] is { } username && environment[passwordVariable] is { } password
            ? new FoundCredential(new RegistryCredential(username, password), $"{usernameVariable}/{passwordVariable}")
            : null;
}
