using System.Globalization;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>One SIP message sipp sent or received, from its -trace_msg message file.</summary>
public sealed record SippMessage(bool Received, DateTime Timestamp, string Text)
{
    public string FirstLine => Text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>Request method, or null for a response.</summary>
    public string? Method => FirstLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal) ? null : FirstLine.Split(' ', 2)[0];

    /// <summary>Response status code, or null for a request.</summary>
    public int? StatusCode =>
        FirstLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && int.TryParse(FirstLine.AsSpan(8, 3), out var code) ? code : null;

    /// <summary>Values of every header line with this name (case-insensitive; no compact forms, no folding).</summary>
    public IReadOnlyList<string> Headers(string name)
    {
        var values = new List<string>();
        foreach (var raw in Text.Split('\n').Skip(1))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) break; // end of headers
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                values.Add(line[(colon + 1)..].Trim());
        }
        return values;
    }

    public string? Header(string name) => Headers(name) is [var first, ..] ? first : null;

    /// <summary>
    /// Parses a sipp message file: each message follows a line of dashes with a timestamp and a line saying
    /// "UDP message received [N] bytes :" or "UDP message sent (N bytes):".
    /// </summary>
    public static IReadOnlyList<SippMessage> ParseFile(string text)
    {
        var messages = new List<SippMessage>();
        var blocks = text.Split("-----------------------------------------------", StringSplitOptions.RemoveEmptyEntries);
        foreach (var block in blocks)
        {
            var lines = block.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            if (lines.Length < 3) continue;
            var direction = lines[1];
            // sipp repeats an unexpected message in a block of its own ("Unexpected UDP message received:", no
            // timestamp) right after the normal one; it is not a second message (and it is in the error file too).
            if (direction.StartsWith("Unexpected", StringComparison.Ordinal)) continue;
            bool received;
            if (direction.Contains("message received", StringComparison.Ordinal)) received = true;
            else if (direction.Contains("message sent", StringComparison.Ordinal)) received = false;
            else continue;
            DateTime.TryParseExact(string.Join(' ', lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at);
            // After the direction line comes one blank line, then the message; trailing blank lines belong to the file format.
            var body = string.Join("\r\n", lines.Skip(3)).TrimEnd('\r', '\n');
            messages.Add(new SippMessage(received, at, body));
        }
        return messages;
    }
}
