using System.CommandLine.Parsing;

namespace Kaniko.Tool;

/// <summary>Parses repeated <c>NAME=VALUE</c> flags (<c>--build-arg</c>, <c>--label</c>); a parse error is a usage error.</summary>
internal static class KeyValueArguments
{
    /// <summary>NAME=VALUE pairs; a bare NAME gives null when <paramref name="allowBare"/> (the value comes from the environment).</summary>
    public static Dictionary<string, string?> Parse(ArgumentResult result, bool allowBare)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length == 0)
            {
                var flag = (result.Parent as OptionResult)?.Option.Name ?? "The flag";
                result.AddError($"{flag} '' names nothing; give NAME=VALUE{(allowBare ? " or NAME" : "")}.");
                return pairs;
            }

            var equals = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0 || (equals < 0 && !allowBare))
            {
                result.AddError($"'{token.Value}' is not NAME=VALUE.");
                return pairs;
            }

            pairs[equals < 0 ? token.Value : token.Value[..equals]] = equals < 0 ? null : token.Value[(equals + 1)..];
        }

        return pairs;
    }
}
