namespace ActorSip.IntegrationTests.Peers;

/// <summary>A contact the registrar's location table holds for an address of record (from <c>kamcmd ul.lookup</c>).</summary>
public sealed record RegisteredContact(string Address, int Expires, string CallId, int CSeq, string UserAgent, string Socket)
{
    /// <summary>Parses kamcmd's rendering of ul.lookup: one "Contact: { Address: ... }" block per contact.</summary>
    public static IReadOnlyList<RegisteredContact> ParseLookup(string text)
    {
        var contacts = new List<RegisteredContact>();
        Dictionary<string, string>? fields = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line == "Contact: {")
            {
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            if (fields is null) continue;
            if (line == "}")
            {
                contacts.Add(new RegisteredContact(
                    fields.GetValueOrDefault("Address", ""),
                    int.TryParse(fields.GetValueOrDefault("Expires"), out var e) ? e : -1,
                    fields.GetValueOrDefault("Call-ID", ""),
                    int.TryParse(fields.GetValueOrDefault("CSeq"), out var c) ? c : -1,
                    fields.GetValueOrDefault("User-Agent", ""),
                    fields.GetValueOrDefault("Socket", "")));
                fields = null;
                continue;
            }
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0) fields[line[..colon]] = line[(colon + 2)..];
        }
        return contacts;
    }
}
