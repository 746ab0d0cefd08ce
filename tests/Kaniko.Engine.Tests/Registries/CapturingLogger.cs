using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Keeps every message at every level, with exceptions and scopes, as text.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<string> _lines = [];

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

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        Add($"scope {state}");
        return new Scope();
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
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
