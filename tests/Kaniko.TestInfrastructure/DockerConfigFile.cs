using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kaniko.TestInfrastructure;

/// <summary>Writes docker's <c>config.json</c> the ways <c>docker login</c> and users do.</summary>
public static class DockerConfigFile
{
    /// <summary>An <c>auths</c> entry with <c>auth</c> = base64(user:password), as docker login writes it.</summary>
    public static string WriteAuth(string directory, string registryKey, string username, string password)
        => Write(directory, new JsonObject
        {
            ["auths"] = new JsonObject
            {
                [registryKey] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")) },
            },
        });

    /// <summary>An <c>auths</c> entry with separate <c>username</c> and <c>password</c>.</summary>
    public static string WriteUsernamePassword(string directory, string registryKey, string username, string password)
        => Write(directory, new JsonObject
        {
            ["auths"] = new JsonObject { [registryKey] = new JsonObject { ["username"] = username, ["password"] = password } },
        });

    /// <summary>An <c>auths</c> entry with an <c>identitytoken</c> (a refresh token).</summary>
    public static string WriteIdentityToken(string directory, string registryKey, string identityToken)
        => Write(directory, new JsonObject
        {
            ["auths"] = new JsonObject { [registryKey] = new JsonObject { ["identitytoken"] = identityToken } },
        });

    /// <summary><c>credHelpers</c> naming <c>docker-credential-HELPER</c> for the registry (and an empty auths entry, as docker leaves).</summary>
    public static string WriteCredHelper(string directory, string registryKey, string helper)
        => Write(directory, new JsonObject
        {
            ["auths"] = new JsonObject { [registryKey] = new JsonObject() },
            ["credHelpers"] = new JsonObject { [registryKey] = helper },
        });

    /// <summary><c>credsStore</c>: one helper for every registry.</summary>
    public static string WriteCredsStore(string directory, string helper)
        => Write(directory, new JsonObject { ["credsStore"] = helper });

    private static string Write(string directory, JsonObject config)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
