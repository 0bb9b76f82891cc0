using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ActorSip.Node.Hosting;

/// <summary>
/// --log-format text: the lines the node printed before it logged through Microsoft.Extensions.Logging, so people and
/// scripts reading them see no change: Akka's and the SIP transports' entries as <c>[LEVEL][time][category] message</c>,
/// the node's own status lines (category <see cref="NodeHost.LogCategory"/>) bare, an exception on the lines after.
/// </summary>
public sealed class TextLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "actorsip-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Category == NodeHost.LogCategory) textWriter.WriteLine(message);
        else textWriter.WriteLine($"[{Level(logEntry.LogLevel)}][{DateTime.UtcNow:MM/dd/yyyy HH:mm:ss.fff}Z][{logEntry.Category}] {message}");
        if (logEntry.Exception is { } e) textWriter.WriteLine(e.ToString());
    }

    // Akka's names for its levels, which the node's lines have always carried.
    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        _ => "ERROR",
    };
}
