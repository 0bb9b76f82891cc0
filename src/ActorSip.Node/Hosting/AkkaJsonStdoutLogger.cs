using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Event;

namespace ActorSip.Node.Hosting;

/// <summary>
/// --log-format json: Akka's console fallback (akka.stdout-logger-class), which writes the events Akka logs before its
/// loggers start and after they stop (the last lines of a shutdown), as the same JSON objects the console logger
/// writes (Timestamp, LogLevel, Category, Message, Exception), so every line of the output stays one JSON object.
/// </summary>
public sealed class AkkaJsonStdoutLogger : MinimalLogger
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Lock Gate = new();

    protected override void Log(object message)
    {
        if (message is not LogEvent e) return;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", e.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", 0);
            json.WriteString("LogLevel", e.LogLevel() switch
            {
                Akka.Event.LogLevel.DebugLevel => "Debug",
                Akka.Event.LogLevel.InfoLevel => "Information",
                Akka.Event.LogLevel.WarningLevel => "Warning",
                _ => "Error",
            });
            json.WriteString("Category", string.IsNullOrEmpty(e.LogSource) ? "akka" : e.LogSource);
            json.WriteString("Message", e.Message?.ToString() ?? "");
            if (e.Cause is { } cause) json.WriteString("Exception", cause.ToString());
            json.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        lock (Gate) Console.Out.WriteLine(line);
    }
}
