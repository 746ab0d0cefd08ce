using Microsoft.Extensions.Logging;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// Keeps every message at every level: <see cref="Text"/> with event ids, state, exceptions and
/// scopes (to prove what never reaches a log), <see cref="Messages"/> as plain "Level message" lines.
/// </summary>
public sealed class CapturingLogger : ILogger
{
    private readonly List<string> _lines = [];
    private readonly List<string> _messages = [];

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public string Messages
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _messages);
            }
        }
    }

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        Add($"scope {state}");
        return new Scope();
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _messages.Add($"{logLevel} {formatter(state, exception)}");
        }

        Add($"{logLevel} {eventId.Id} {formatter(state, exception)} {state} {exception}");
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                Add($"  {key}={value}");
            }
        }
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
