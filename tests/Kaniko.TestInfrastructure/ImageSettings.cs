namespace Kaniko.TestInfrastructure;

/// <summary>Image config values for <see cref="LayoutImageWriter"/>; null leaves the base image's value.</summary>
public sealed record ImageSettings(
    IReadOnlyList<string>? Entrypoint = null,
    IReadOnlyList<string>? Cmd = null,
    IReadOnlyList<string>? Env = null,
    string? User = null,
    string? WorkingDirectory = null)
{
    internal IEnumerable<string> ToUmociArguments()
    {
        if (Entrypoint is not null)
        {
            yield return "--clear=config.entrypoint";
            foreach (var word in Entrypoint)
            {
                yield return "--config.entrypoint=" + word;
            }
        }

        if (Cmd is not null)
        {
            yield return "--clear=config.cmd";
            foreach (var word in Cmd)
            {
                yield return "--config.cmd=" + word;
            }
        }

        foreach (var variable in Env ?? [])
        {
            yield return "--config.env=" + variable;
        }

        if (User is not null)
        {
            yield return "--config.user=" + User;
        }

        if (WorkingDirectory is not null)
        {
            yield return "--config.workingdir=" + WorkingDirectory;
        }
    }
}
