using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>Types one instruction node, checking its flags and arguments.</summary>
internal static partial class InstructionParser
{
    // Instructions Docker knows that this builder does not run yet: an honest error, not "unknown".
    private static readonly HashSet<string> NotYetSupported = new(StringComparer.Ordinal)
    {
        "RUN", "ADD", "ARG", "SHELL", "VOLUME", "ONBUILD", "HEALTHCHECK", "STOPSIGNAL", "MAINTAINER",
    };

    public static Instruction Parse(InstructionNode node) => node.Keyword switch
    {
        "FROM" => ParseFrom(node),
        "COPY" => ParseCopy(node),
        "ENV" => new EnvInstruction(node.Location, node.Original, ParseKeyValues(Flagless(node))),
        "LABEL" => new LabelInstruction(node.Location, node.Original, ParseKeyValues(Flagless(node))),
        "WORKDIR" => new WorkdirInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "USER" => new UserInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "EXPOSE" => new ExposeInstruction(node.Location, node.Original, AtLeastOne(Flagless(node))),
        "ENTRYPOINT" => ParseCommand(Flagless(node), (arguments, exec) =>
            new EntrypointInstruction(node.Location, node.Original, arguments, exec)),
        "CMD" => ParseCommand(Flagless(node), (arguments, exec) =>
            new CmdInstruction(node.Location, node.Original, arguments, exec)),
        var keyword when NotYetSupported.Contains(keyword) => throw new DockerfileException(
            DockerfileErrorCode.UnsupportedInstruction, node.Location, $"{keyword} is not supported yet"),
        var keyword => throw new DockerfileException(
            DockerfileErrorCode.UnknownInstruction, node.Location, $"unknown instruction: {keyword}"),
    };

    private static FromInstruction ParseFrom(InstructionNode node)
    {
        var flags = Flags(node, "platform");
        var words = Words(node.Arguments);
        if (words.Length is not (1 or 3) || (words.Length == 3 && !words[1].Equals("AS", StringComparison.OrdinalIgnoreCase)))
        {
            throw Invalid(node, "FROM requires either one or three arguments: FROM image [AS name]");
        }

        string? stage = null;
        if (words.Length == 3)
        {
            stage = words[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(stage))
            {
                throw Invalid(node, $"invalid name for build stage: \"{words[2]}\", name can't start with a number or contain symbols");
            }
        }

        return new FromInstruction(node.Location, node.Original, words[0], stage, flags.GetValueOrDefault("platform"));
    }

    private static CopyInstruction ParseCopy(InstructionNode node)
    {
        var flags = Flags(node, "chown", "chmod", "from");
        var words = ExecForm.TryParse(node.Arguments, out var list) ? list : Words(node.Arguments);
        if (words.Count < 2)
        {
            throw Invalid(node, "COPY requires at least two arguments: COPY source... destination");
        }

        if (words.Any(word => word.StartsWith("<<", StringComparison.Ordinal)))
        {
            throw new DockerfileException(DockerfileErrorCode.UnsupportedInstruction, node.Location, "COPY with a heredoc is not supported yet");
        }

        return new CopyInstruction(
            node.Location,
            node.Original,
            words.Take(words.Count - 1).ToArray(),
            words[^1],
            flags.GetValueOrDefault("chown"),
            flags.GetValueOrDefault("chmod"),
            flags.GetValueOrDefault("from"));
    }

    private static T ParseCommand<T>(InstructionNode node, Func<IReadOnlyList<string>, bool, T> create)
    {
        if (ExecForm.TryParse(node.Arguments, out var arguments))
        {
            return create(arguments, true);
        }

        if (node.Arguments.Length == 0)
        {
            throw Invalid(node, $"{node.Keyword} requires at least one argument");
        }

        return create([node.Arguments], false);
    }

    private static KeyValuePair<string, string>[] ParseKeyValues(InstructionNode node)
    {
        var words = ArgumentWords.Split(node.Arguments, node.Escape);
        if (words.Count == 0)
        {
            throw Invalid(node, $"{node.Keyword} requires at least one argument");
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            // The legacy form "ENV name value with spaces": one pair, the value is the rest of the line.
            var parts = WhitespacePattern().Split(node.Arguments, 2);
            if (parts.Length < 2 || parts[1].Length == 0)
            {
                throw Invalid(node, $"{node.Keyword} must have two arguments: {node.Keyword} name=value or {node.Keyword} name value");
            }

            return [new(parts[0], parts[1].Trim())];
        }

        return words.Select(word =>
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw Invalid(node, $"syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            }

            if (equals == 0)
            {
                throw Invalid(node, $"{node.Keyword} names can not be blank");
            }

            return new KeyValuePair<string, string>(word[..equals], word[(equals + 1)..]);
        }).ToArray();
    }

    private static string ExactlyOne(InstructionNode node)
    {
        var words = Words(node.Arguments);
        return words.Length == 1 ? words[0] : throw Invalid(node, $"{node.Keyword} requires exactly one argument");
    }

    private static string[] AtLeastOne(InstructionNode node)
    {
        var words = Words(node.Arguments);
        return words.Length > 0 ? words : throw Invalid(node, $"{node.Keyword} requires at least one argument");
    }

    private static InstructionNode Flagless(InstructionNode node)
    {
        Flags(node);
        return node;
    }

    private static Dictionary<string, string> Flags(InstructionNode node, params string[] allowed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in node.Flags)
        {
            if (!allowed.Contains(flag.Name, StringComparer.Ordinal))
            {
                throw new DockerfileException(DockerfileErrorCode.InvalidFlag, node.Location, $"unknown flag: --{flag.Name} for {node.Keyword}");
            }

            if (string.IsNullOrEmpty(flag.Value))
            {
                throw new DockerfileException(DockerfileErrorCode.InvalidFlag, node.Location, $"missing a value on flag: --{flag.Name}");
            }

            if (!values.TryAdd(flag.Name, flag.Value))
            {
                throw new DockerfileException(DockerfileErrorCode.InvalidFlag, node.Location, $"duplicate flag specified: --{flag.Name}");
            }
        }

        return values;
    }

    private static string[] Words(string text) => WhitespacePattern().Split(text.Trim()).Where(word => word.Length > 0).ToArray();

    private static DockerfileException Invalid(InstructionNode node, string what) =>
        new(DockerfileErrorCode.InvalidArguments, node.Location, what);

    [GeneratedRegex(@"^[a-z][a-z0-9\-_.]*$")]
    private static partial Regex StageNamePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
