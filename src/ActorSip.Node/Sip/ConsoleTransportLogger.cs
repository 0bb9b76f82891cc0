using Microsoft.Extensions.Logging;

namespace ActorSip.Node.Sip;

/// <summary>Writes the SIP transports' warnings (malformed-traffic reports, failed sends) to the node's console
/// beside Akka's log, as <c>[WARNING][time][sip-transport] text</c>. Debug and trace are dropped.</summary>
internal sealed class ConsoleTransportLogger(TextWriter console) : ILogger
{
    private readonly Lock _gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var level = logLevel switch
        {
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARNING",
            _ => "ERROR",
        };
        var line = $"[{level}][{DateTime.UtcNow:MM/dd/yyyy HH:mm:ss.fff}Z][sip-transport] {formatter(state, exception)}";
        lock (_gate) console.WriteLine(line);
    }
}
