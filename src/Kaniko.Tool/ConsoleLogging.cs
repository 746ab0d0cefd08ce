using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kaniko.Tool;

internal static class ConsoleLogging
{
    public static ILoggerFactory Create(LogLevel level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = false;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        })
        // Logs go to stderr so stdout carries only the result (the digest) for scripts.
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
}
