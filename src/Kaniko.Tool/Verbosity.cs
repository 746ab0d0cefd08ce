using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;

namespace Kaniko.Tool;

/// <summary>-v/--verbosity: the .NET CLI's names (quiet, minimal, normal, detailed, diagnostic) or log levels.</summary>
internal static class Verbosity
{
    public static LogLevel Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "normal" : result.Tokens[^1].Value;
        switch (text.ToLowerInvariant())
        {
            case "q" or "quiet":
                return LogLevel.Error;
            case "m" or "minimal":
                return LogLevel.Warning;
            case "n" or "normal":
                return LogLevel.Information;
            case "d" or "detailed":
                return LogLevel.Debug;
            case "diag" or "diagnostic":
                return LogLevel.Trace;
        }

        if (Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level))
        {
            return level;
        }

        result.AddError($"--verbosity '{text}' is not one of quiet, minimal, normal, detailed, diagnostic.");
        return LogLevel.Information;
    }
}
