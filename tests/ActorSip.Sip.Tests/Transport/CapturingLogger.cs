using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Tests.Transport;

/// <summary>Keeps every formatted log line, so tests can count what an operator would see.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public IReadOnlyList<string> Warnings => Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}
