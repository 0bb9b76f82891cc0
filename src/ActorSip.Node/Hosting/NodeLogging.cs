using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorSip.Node.Hosting;

/// <summary>The node's logging: one console sink in the chosen <see cref="LogFormat"/>, fed by the node, the SIP
/// transports and Akka (through <see cref="AkkaLogBridge"/>).</summary>
public static class NodeLogging
{
    /// <summary>The category the Generic Host reports a failed start under, with a stack trace; the node prints the
    /// reason itself (the FILE:LINE lines of a bad trunk file), so only critical entries of it are kept.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        // Akka filters by its own akka.loglevel before an event gets here; the rest keeps to information and up.
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        logging.AddFilter(HostCategory, LogLevel.Critical);
        logging.AddFilter(NodeHost.SipTransportLogCategory, LogLevel.Information);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.IncludeScopes = false;
                // Readable quotes and non-ASCII text; the output is a log stream, never embedded in HTML.
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions
                {
                    Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                };
            });
        }
        else
        {
            logging.AddConsole(o => o.FormatterName = TextLogFormatter.FormatterName);
            logging.AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>();
        }
    }

    /// <summary>A line as it is, not a message template (a registrar target or a path may hold braces).</summary>
    public static void Line(this ILogger logger, string text, LogLevel level = LogLevel.Information) =>
        logger.Log(level, default, text, null, static (s, _) => s);
}
