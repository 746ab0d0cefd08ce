using Microsoft.Build.Framework;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Microsoft.Build.Utilities;
using Microsoft.Extensions.Logging;

namespace Kaniko.Tasks;

/// <summary>Sends the engine's log to the task's MSBuild log.</summary>
internal sealed class TaskLogger(TaskLoggingHelper log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        switch (logLevel)
        {
            case LogLevel.Critical or LogLevel.Error:
                log.LogError("{0}", message);
                break;
            case LogLevel.Warning:
                log.LogWarning("{0}", message);
                break;
            case LogLevel.Information:
                log.LogMessage(MessageImportance.Normal, "{0}", message);
                break;
            default:
                log.LogMessage(MessageImportance.Low, "{0}", message);
                break;
        }
    }
}
