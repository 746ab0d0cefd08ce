using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kaniko.Tool;

internal static class ConsoleLogging
{
    public static ILoggerFactory Create(LogLevel level, LogFormat format = LogFormat.Text) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddConsole(options =>
        {
            options.FormatterName = format == LogFormat.Json ? ConsoleFormatterNames.Json : PlainConsoleFormatter.FormatterName;
            // Logs go to stderr so stdout carries only the result (the digest) for scripts.
            options.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<PlainConsoleFormatter, ConsoleFormatterOptions>());
}
