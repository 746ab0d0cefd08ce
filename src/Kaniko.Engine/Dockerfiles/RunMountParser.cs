namespace Kaniko.Engine.Dockerfiles;

/// <summary>Reads one RUN --mount value: comma-separated key=value (or bare boolean keys), type defaulting to bind.</summary>
internal static class RunMountParser
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "bind", "cache", "tmpfs", "secret", "ssh" };

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "type", "from", "source", "src", "target", "dst", "destination", "readonly", "ro", "rw", "readwrite",
        "id", "sharing", "mode", "uid", "gid", "required", "size", "env",
    };

    public static RunMount Parse(InstructionNode node, string value)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var type = "bind";
        foreach (var field in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            var fieldValue = equals < 0 ? "true" : field[(equals + 1)..];
            if (!Keys.Contains(key))
            {
                throw node.Error(DockerfileErrorCode.InvalidFlag, $"--mount: unexpected key '{key}' in '{field}'");
            }

            if (key == "type")
            {
                type = Types.Contains(fieldValue)
                    ? fieldValue
                    : throw node.Error(DockerfileErrorCode.InvalidFlag, $"--mount: unsupported mount type \"{fieldValue}\" (bind, cache, tmpfs, secret or ssh)");
                continue;
            }

            options[key] = fieldValue;
        }

        return new RunMount(type, options);
    }
}
