namespace Kaniko.Engine.Dockerfiles;

/// <summary>An instruction's flag words checked against the flags it takes, as BuildKit's BFlags does.</summary>
internal sealed class InstructionFlags
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private InstructionFlags()
    {
    }

    public static InstructionFlags Parse(InstructionNode node, params (string Name, FlagKind Kind)[] allowed)
    {
        var flags = new InstructionFlags();
        foreach (var word in node.Flags)
        {
            var body = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            var value = equals < 0 ? null : body[(equals + 1)..];
            var spec = allowed.FirstOrDefault(flag => flag.Name == name);
            if (spec.Name is null)
            {
                throw node.Error(DockerfileErrorCode.InvalidFlag, $"unknown flag: --{name} for {node.Keyword}");
            }

            if (spec.Kind != FlagKind.List && flags._values.ContainsKey(name))
            {
                throw node.Error(DockerfileErrorCode.InvalidFlag, $"duplicate flag specified: --{name}");
            }

            if (spec.Kind == FlagKind.Switch)
            {
                value = value?.ToLowerInvariant() switch
                {
                    null or "true" => "true",
                    "false" => "false",
                    _ => throw node.Error(DockerfileErrorCode.InvalidFlag, $"expecting boolean value for flag --{name}, not: {value}"),
                };
            }
            else if (value is null)
            {
                throw node.Error(DockerfileErrorCode.InvalidFlag, $"missing a value on flag: --{name}");
            }

            if (!flags._values.TryGetValue(name, out var list))
            {
                flags._values[name] = list = [];
            }

            list.Add(value);
        }

        return flags;
    }

    /// <summary>The value of a text flag; an empty value counts as not given.</summary>
    public string? Text(string name) =>
        _values.TryGetValue(name, out var values) && values[0].Length > 0 ? values[0] : null;

    public bool Switch(string name) => _values.TryGetValue(name, out var values) && values[0] == "true";

    public IReadOnlyList<string> List(string name) => _values.TryGetValue(name, out var values) ? values : [];
}
