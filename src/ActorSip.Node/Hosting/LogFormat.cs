namespace ActorSip.Node.Hosting;

/// <summary>--log-format: how every log line of the node is written to standard output.</summary>
public enum LogFormat
{
    /// <summary>One line per entry, <c>[LEVEL][time][category] message</c>, the node's own status lines bare.</summary>
    Text,

    /// <summary>One JSON object a line (Timestamp, LogLevel, Category, Message, Exception), for log shippers.</summary>
    Json,
}

/// <summary>The chosen format, as a service the node's parts can ask for.</summary>
public sealed record LogSettings(LogFormat Format)
{
    /// <summary>text or json (any case); null means text.</summary>
    public static bool TryParse(string? text, out LogFormat format)
    {
        format = LogFormat.Text;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "text":
                return true;
            case "json":
                format = LogFormat.Json;
                return true;
            default:
                return false;
        }
    }
}
