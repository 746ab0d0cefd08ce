using System.Collections;

namespace Kaniko.Engine;

/// <summary>This process's environment variables, copied.</summary>
public static class EnvironmentSnapshot
{
    public static Dictionary<string, string> Take()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return variables;
    }
}
