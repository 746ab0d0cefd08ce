using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kaniko.Tool;

internal static class ConsoleLogging
{
    // The formatters are registered first: AddJsonConsole also names itself the formatter, and the
    // last configuration of the options wins, so the choice of --log-format comes last.
    public static ILoggerFactory Create(LogLevel level, LogFormat format = LogFormat.Text) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddJsonConsole()
        .AddConsoleFormatter<PlainConsoleFormatter, ConsoleFormatterOptions>()
        .AddConsole(options =>
        {
            options.FormatterName = format == LogFormat.Json ? ConsoleFormatterNames.Json : PlainConsoleFormatter.FormatterName;
            // Logs go to stderr so stdout carries only the result (the digest) for scripts.
            options.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<PlainConsoleFormatter, ConsoleFormatterOptions>());
}
