using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Grid.Dicom.Tests.Support;

/// <summary>Keeps every line logged to it, formatted, with its level and event id.</summary>
public sealed class CapturingLogger : ILogger
{
    public sealed record Line(LogLevel Level, int EventId, string Message);

    public ConcurrentQueue<Line> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(new Line(logLevel, eventId.Id, formatter(state, exception)));

    public string Describe() => string.Join("\n", Lines.Select(l => $"{l.Level} {l.EventId} {l.Message}"));
}
