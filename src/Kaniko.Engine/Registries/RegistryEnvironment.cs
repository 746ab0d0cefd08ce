namespace Kaniko.Engine.Registries;

/// <summary>The environment variables registry settings are read from: the process's, or a given set (tests, hosts).</summary>
public sealed class RegistryEnvironment
{
    private readonly IReadOnlyDictionary<string, string>? _variables;

    private RegistryEnvironment(IReadOnlyDictionary<string, string>? variables) => _variables = variables;

    public static RegistryEnvironment Process { get; } = new(null);

    public static RegistryEnvironment From(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new RegistryEnvironment(variables);
    }

    /// <summary>A copy of the process environment with <paramref name="overrides"/> applied.</summary>
    public static RegistryEnvironment ProcessWith(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var variables = EnvironmentSnapshot.Take();
        foreach (var (name, value) in overrides)
        {
            variables[name] = value;
        }

        return new RegistryEnvironment(variables);
    }

    public string? this[string name]
    {
        get
        {
            string? value = _variables is null
                ? Environment.GetEnvironmentVariable(name)
                : _variables.GetValueOrDefault(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
