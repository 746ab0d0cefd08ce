using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>Types one instruction node, checking its flags and arguments as BuildKit's instructions package does.</summary>
internal static partial class InstructionParser
{
    private static readonly TimeSpan MinimumHealthCheckDuration = TimeSpan.FromMilliseconds(1);

    public static Instruction Parse(InstructionNode node) => node.Keyword switch
    {
        "FROM" => ParseFrom(node),
        "COPY" => ParseCopy(node),
        "ADD" => ParseAdd(node),
        "RUN" => ParseRun(node),
        "ENV" => new EnvInstruction(node.Location, node.Original, KeyValues(Flagless(node))),
        "LABEL" => new LabelInstruction(node.Location, node.Original, KeyValues(Flagless(node))),
        "ARG" => ParseArg(Flagless(node)),
        "WORKDIR" => new WorkdirInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "USER" => new UserInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "STOPSIGNAL" => new StopSignalInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "MAINTAINER" => new MaintainerInstruction(node.Location, node.Original, ExactlyOne(Flagless(node))),
        "EXPOSE" => new ExposeInstruction(node.Location, node.Original, AtLeastOne(Flagless(node))),
        "VOLUME" => ParseVolume(Flagless(node)),
        "SHELL" => ParseShell(Flagless(node)),
        "ENTRYPOINT" => new EntrypointInstruction(node.Location, node.Original, Command(Flagless(node)), node.IsJson),
        "CMD" => new CmdInstruction(node.Location, node.Original, Command(Flagless(node)), node.IsJson),
        "HEALTHCHECK" => ParseHealthCheck(node),
        "ONBUILD" => ParseOnBuild(Flagless(node)),
        var keyword => throw node.Error(DockerfileErrorCode.UnknownInstruction, $"unknown instruction: {keyword}"),
    };

    private static FromInstruction ParseFrom(InstructionNode node)
    {
        var flags = InstructionFlags.Parse(node, ("platform", FlagKind.Text));
        var words = node.Values;
        if (words.Count is not (1 or 3) || (words.Count == 3 && !words[1].Equals("AS", StringComparison.OrdinalIgnoreCase)))
        {
            throw Invalid(node, "FROM requires either one or three arguments: FROM image [AS name]");
        }

        string? stage = null;
        if (words.Count == 3)
        {
            stage = words[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(stage))
            {
                throw Invalid(node, $"invalid name for build stage: \"{words[2]}\", name can't start with a number or contain symbols");
            }
        }

        return new FromInstruction(node.Location, node.Original, words[0], stage, flags.Text("platform"));
    }

    private static CopyInstruction ParseCopy(InstructionNode node)
    {
        var flags = InstructionFlags.Parse(
            node,
            ("from", FlagKind.Text),
            ("chown", FlagKind.Text),
            ("chmod", FlagKind.Text),
            ("link", FlagKind.Switch),
            ("parents", FlagKind.Switch),
            ("exclude", FlagKind.List));
        var words = SourcesAndDestination(node);
        return new CopyInstruction(
            node.Location, node.Original, words[..^1], words[^1], flags.Text("chown"), flags.Text("chmod"), flags.Text("from"))
        {
            Link = flags.Switch("link"),
            Parents = flags.Switch("parents"),
            Exclude = flags.List("exclude"),
            Heredocs = node.Heredocs,
        };
    }

    private static AddInstruction ParseAdd(InstructionNode node)
    {
        var flags = InstructionFlags.Parse(
            node,
            ("chown", FlagKind.Text),
            ("chmod", FlagKind.Text),
            ("link", FlagKind.Switch),
            ("keep-git-dir", FlagKind.Switch),
            ("checksum", FlagKind.Text),
            ("exclude", FlagKind.List));
        var words = SourcesAndDestination(node);
        var checksum = flags.Text("checksum");
        if (checksum is not null && !ChecksumPattern().IsMatch(checksum))
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"invalid checksum digest format \"{checksum}\": expected algorithm:hex, such as sha256:...");
        }

        return new AddInstruction(node.Location, node.Original, words[..^1], words[^1], flags.Text("chown"), flags.Text("chmod"))
        {
            Link = flags.Switch("link"),
            KeepGitDir = flags.Switch("keep-git-dir"),
            Checksum = checksum,
            Exclude = flags.List("exclude"),
            Heredocs = node.Heredocs,
        };
    }

    private static string[] SourcesAndDestination(InstructionNode node)
    {
        if (node.Values.Count < 2)
        {
            throw Invalid(node, $"{node.Keyword} requires at least two arguments: {node.Keyword} source... destination");
        }

        return [.. node.Values];
    }

    private static RunInstruction ParseRun(InstructionNode node)
    {
        var flags = InstructionFlags.Parse(node, ("mount", FlagKind.List), ("network", FlagKind.Text), ("security", FlagKind.Text));
        var network = flags.Text("network");
        if (network is not (null or "default" or "none" or "host"))
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"unsupported network mode \"{network}\": use default, none or host");
        }

        var security = flags.Text("security");
        if (security is not (null or "sandbox" or "insecure"))
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"unsupported security mode \"{security}\": use sandbox or insecure");
        }

        var mounts = flags.List("mount").Select(mount => RunMountParser.Parse(node, mount)).ToList();
        return new RunInstruction(node.Location, node.Original, Command(node), node.IsJson)
        {
            Mounts = mounts,
            Network = network,
            Security = security,
            Heredocs = node.Heredocs,
        };
    }

    private static ArgInstruction ParseArg(InstructionNode node)
    {
        if (node.Values.Count == 0)
        {
            throw Invalid(node, "ARG requires at least one argument");
        }

        var arguments = node.Values.Select(word =>
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word : word[..equals];
            if (name.Length == 0)
            {
                throw Invalid(node, $"ARG names can not be blank: \"{word}\"");
            }

            return new BuildArgument(name, equals < 0 ? null : word[(equals + 1)..]);
        }).ToList();
        return new ArgInstruction(node.Location, node.Original, arguments);
    }

    private static VolumeInstruction ParseVolume(InstructionNode node)
    {
        var paths = AtLeastOne(node);
        if (paths.Any(path => path.Trim().Length == 0))
        {
            throw Invalid(node, "VOLUME specified can not be an empty string");
        }

        return new VolumeInstruction(node.Location, node.Original, paths);
    }

    private static ShellInstruction ParseShell(InstructionNode node)
    {
        if (!node.IsJson)
        {
            throw Invalid(node, "SHELL requires the arguments to be in JSON form: SHELL [\"executable\", \"parameters\"]");
        }

        return node.Values.Count > 0 ? new ShellInstruction(node.Location, node.Original, node.Values) : throw Invalid(node, "SHELL requires at least one argument");
    }

    private static HealthCheckInstruction ParseHealthCheck(InstructionNode node)
    {
        var flags = InstructionFlags.Parse(
            node,
            ("interval", FlagKind.Text),
            ("timeout", FlagKind.Text),
            ("start-period", FlagKind.Text),
            ("start-interval", FlagKind.Text),
            ("retries", FlagKind.Text));
        if (node.Values.Count == 0)
        {
            throw Invalid(node, "HEALTHCHECK requires an argument: HEALTHCHECK [options] CMD command, or HEALTHCHECK NONE");
        }

        var type = node.Values[0].ToUpperInvariant();
        var command = node.Values.Skip(1).ToArray();
        IReadOnlyList<string> test = type switch
        {
            "NONE" when command.Length == 0 && node.Flags.Count == 0 => ["NONE"],
            "NONE" => throw Invalid(node, "HEALTHCHECK NONE takes no arguments or options"),
            "CMD" when command.Length == 0 => throw Invalid(node, "missing command after HEALTHCHECK CMD"),
            "CMD" => node.IsJson ? ["CMD", .. command] : ["CMD-SHELL", command[0]],
            _ => throw Invalid(node, $"unknown type \"{node.Values[0]}\" in HEALTHCHECK (try CMD)"),
        };

        var retriesText = flags.Text("retries");
        int? retries = null;
        if (retriesText is not null)
        {
            retries = int.TryParse(retriesText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : throw node.Error(DockerfileErrorCode.InvalidFlag, $"--retries must be a whole number, not \"{retriesText}\"");
            if (value < 0)
            {
                throw node.Error(DockerfileErrorCode.InvalidFlag, $"--retries cannot be negative ({value})");
            }
        }

        return new HealthCheckInstruction(node.Location, node.Original, test)
        {
            Interval = Duration(node, flags, "interval"),
            Timeout = Duration(node, flags, "timeout"),
            StartPeriod = Duration(node, flags, "start-period"),
            StartInterval = Duration(node, flags, "start-interval"),
            Retries = retries,
        };
    }

    private static TimeSpan? Duration(InstructionNode node, InstructionFlags flags, string name)
    {
        if (flags.Text(name) is not { } text)
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var duration))
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"--{name}: invalid duration \"{text}\" (write it like 30s, 1m30s or 500ms)");
        }

        if (duration < TimeSpan.Zero)
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"--{name} cannot be negative ({text})");
        }

        if (duration != TimeSpan.Zero && duration < MinimumHealthCheckDuration)
        {
            throw node.Error(DockerfileErrorCode.InvalidFlag, $"--{name} cannot be less than 1ms ({text})");
        }

        return duration;
    }

    private static OnBuildInstruction ParseOnBuild(InstructionNode node)
    {
        if (node.Trigger is not { } trigger)
        {
            throw Invalid(node, "ONBUILD requires at least one argument");
        }

        if (trigger.Keyword is "ONBUILD" or "FROM" or "MAINTAINER")
        {
            throw Invalid(node, trigger.Keyword == "ONBUILD"
                ? "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
                : $"{trigger.Keyword} isn't allowed as an ONBUILD trigger");
        }

        return new OnBuildInstruction(node.Location, node.Original, Parse(trigger), trigger.Original);
    }

    private static IReadOnlyList<string> Command(InstructionNode node) =>
        node.IsJson || node.Values.Count > 0 ? node.Values : throw Invalid(node, $"{node.Keyword} requires at least one argument");

    private static KeyValuePair<string, string>[] KeyValues(InstructionNode node)
    {
        if (node.Values.Count == 0)
        {
            throw Invalid(node, $"{node.Keyword} requires at least one argument");
        }

        var pairs = new KeyValuePair<string, string>[node.Values.Count / 3];
        for (var i = 0; i < pairs.Length; i++)
        {
            var name = node.Values[i * 3];
            if (name.Length == 0)
            {
                throw Invalid(node, $"{node.Keyword} names can not be blank");
            }

            pairs[i] = new(name, node.Values[(i * 3) + 1]);
        }

        return pairs;
    }

    private static string ExactlyOne(InstructionNode node) =>
        node.Values.Count == 1 ? node.Values[0] : throw Invalid(node, $"{node.Keyword} requires exactly one argument");

    private static IReadOnlyList<string> AtLeastOne(InstructionNode node) =>
        node.Values.Count > 0 ? node.Values : throw Invalid(node, $"{node.Keyword} requires at least one argument");

    private static InstructionNode Flagless(InstructionNode node)
    {
        InstructionFlags.Parse(node);
        return node;
    }

    private static DockerfileException Invalid(InstructionNode node, string what) =>
        node.Error(DockerfileErrorCode.InvalidArguments, what);

    [GeneratedRegex(@"^[a-z][a-z0-9\-_.]*$")]
    private static partial Regex StageNamePattern();

    [GeneratedRegex(@"^[a-z0-9]+:[a-fA-F0-9]+$")]
    private static partial Regex ChecksumPattern();
}
