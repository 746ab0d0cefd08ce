namespace Kaniko.TestInfrastructure;

/// <summary>A bcrypt htpasswd file with one user, as docker-registry's htpasswd auth wants.</summary>
internal static class HtpasswdFile
{
    public static async Task<string> CreateAsync(string directory, string username, string password, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("htpasswd", ["-Bbn", username, password], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var path = Path.Combine(directory, "htpasswd");
        await File.WriteAllTextAsync(path, result.StandardOutput.Trim() + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }
}
