namespace Kaniko.Engine.Sandbox;

/// <summary>What to run in the sandbox and as whom; the root it runs in is given by <see cref="SandboxRoot"/>.</summary>
public sealed record SandboxedCommand
{
    /// <summary>The program and its arguments; the program is looked up in the image's PATH.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary><c>NAME=value</c> entries: the whole environment, nothing of the host's.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    public string WorkingDirectory { get; init; } = "/";

    public SandboxUser User { get; init; } = SandboxUser.Root;

    /// <summary>A network namespace of its own, with only the loopback interface (RUN --network=none).</summary>
    public bool IsolateNetwork { get; init; }

    // BuildKit's fixed hostname, so scripts that print it give the same output.
    public string Hostname { get; init; } = "buildkitsandbox";

    /// <summary>Files (name -> text) readable and executable at <c>/dev/pipes/NAME</c>, never in the root.</summary>
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    /// <summary>Mounted after the root, /proc, /dev and /etc, in this order (RUN --mount).</summary>
    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];

    /// <summary>Starts each logged output line, e.g. the build step.</summary>
    public string LogPrefix { get; init; } = "";

    /// <summary>Forward stdout and stderr as they are instead of logging them (<c>dotnet kaniko run</c>).</summary>
    public TextWriter? StandardOutput { get; init; }

    public TextWriter? StandardError { get; init; }

    /// <summary>The command as a message names it: a long one cut, so that an error stays readable.</summary>
    public string Display => DisplayText.Shorten(string.Join(' ', Arguments));
}
