namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The ARG and ENV values in scope while a stage (or the global scope before the first FROM) runs,
/// as BuildKit scopes them: an ARG is visible from its declaration on; a stage's ARG without a
/// default takes the global ARG's value; --build-arg overrides defaults; ENV wins over an ARG of
/// the same name. Words expand with <see cref="ExpansionEnvironment"/>.
/// </summary>
public sealed class StageVariables
{
    private readonly IReadOnlyDictionary<string, string> _globals;
    private readonly IReadOnlyDictionary<string, string> _buildArguments;
    private readonly IReadOnlyDictionary<string, string> _automatic;
    private readonly ISet<string> _consumed;
    private readonly char _escape;
    private readonly Dictionary<string, string> _arguments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    internal StageVariables(
        IReadOnlyDictionary<string, string> globals,
        IReadOnlyDictionary<string, string> buildArguments,
        IReadOnlyDictionary<string, string> automatic,
        ISet<string> consumed,
        char escape)
    {
        _globals = globals;
        _buildArguments = buildArguments;
        _automatic = automatic;
        _consumed = consumed;
        _escape = escape;
    }

    /// <summary>An independent copy (the layer cache plans a stage's keys on one); it records no consumed build arguments.</summary>
    internal StageVariables Clone()
    {
        var copy = new StageVariables(_globals, _buildArguments, _automatic, new HashSet<string>(StringComparer.Ordinal), _escape);
        foreach (var (name, value) in _arguments)
        {
            copy._arguments[name] = value;
        }

        foreach (var (name, value) in _environment)
        {
            copy._environment[name] = value;
        }

        return copy;
    }

    /// <summary>The ARGs declared so far with their values (unset ones are absent).</summary>
    public IReadOnlyDictionary<string, string> Arguments => _arguments;

    /// <summary>
    /// The proxy ARGs given with --build-arg: RUN sees them without an ARG declaring them; they never
    /// enter the config or the history.
    /// </summary>
    public IReadOnlyDictionary<string, string> ProxyArguments =>
        _buildArguments.Where(pair => PredefinedArguments.ProxyNames.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>The base image's environment, then ENV instructions; these win over ARGs.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    public IReadOnlyDictionary<string, string> ExpansionEnvironment
    {
        get
        {
            var merged = new Dictionary<string, string>(_arguments, StringComparer.Ordinal);
            foreach (var (name, value) in _environment)
            {
                merged[name] = value;
            }

            return merged;
        }
    }

    /// <summary>Starts from the base image's config Env ("K=V" entries).</summary>
    public void SetImageEnvironment(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            _environment[equals < 0 ? entry : entry[..equals]] = equals < 0 ? string.Empty : entry[(equals + 1)..];
        }
    }

    /// <summary>Applies an ARG or ENV instruction; other instructions do not change the variables.</summary>
    public void Apply(Instruction instruction)
    {
        switch (instruction)
        {
            case ArgInstruction arg:
                foreach (var argument in arg.Arguments)
                {
                    Declare(argument, arg.Location);
                }

                break;
            case EnvInstruction env:
                var environment = ExpansionEnvironment;
                foreach (var (name, value) in env.Variables)
                {
                    _environment[Expand(name, environment, env.Location)] = Expand(value, environment, env.Location);
                }

                break;
        }
    }

    internal string Expand(string word, SourceLocation location) => Expand(word, ExpansionEnvironment, location);

    private void Declare(BuildArgument argument, SourceLocation location)
    {
        _consumed.Add(argument.Name);
        if (_buildArguments.TryGetValue(argument.Name, out var given))
        {
            _arguments[argument.Name] = given;
        }
        else if (argument.Default is { } defaultValue)
        {
            _arguments[argument.Name] = Expand(defaultValue, ExpansionEnvironment, location);
        }
        else if (_globals.TryGetValue(argument.Name, out var global) || _automatic.TryGetValue(argument.Name, out global))
        {
            _arguments[argument.Name] = global;
        }
    }

    private string Expand(string word, IReadOnlyDictionary<string, string> environment, SourceLocation location)
    {
        try
        {
            return ShellWordExpander.Expand(word, environment, _escape);
        }
        catch (KanikoException error) when (error is not DockerfileException)
        {
            throw new DockerfileException(DockerfileErrorCode.InvalidWord, location, error.Message, error);
        }
    }
}
