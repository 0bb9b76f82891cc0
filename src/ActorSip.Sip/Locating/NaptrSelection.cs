namespace ActorSip.Sip.Locating;

/// <summary>RFC 3263 §4.1: keep the NAPTR records for SIP services we speak, in order then preference.</summary>
internal static class NaptrSelection
{
    public static IReadOnlyList<NaptrChoice> Select(IEnumerable<NaptrEntry> records, bool secure)
    {
        ArgumentNullException.ThrowIfNull(records);
        var choices = new List<NaptrChoice>();
        foreach (var record in records.OrderBy(r => r.Order).ThenBy(r => r.Preference))
        {
            // SIP NAPTR records are terminal with flag "S": the replacement is an SRV name. Other flags
            // (A, U, P, empty) are for other applications or need rewriting that SIP does not define.
            if (!string.Equals(record.Flags, "s", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (ServiceTransport(record.Services) is not { } transport)
            {
                continue;
            }

            // A sips target must discard every service that is not SIPS (RFC 3263 §4.1).
            if (secure && transport != SipTransportKind.Tls)
            {
                continue;
            }

            var replacement = TargetText.NormalizeHostName(record.Replacement);
            if (replacement.Length == 0)
            {
                continue;
            }

            var choice = new NaptrChoice(transport, replacement);
            if (!choices.Contains(choice))
            {
                choices.Add(choice);
            }
        }

        return choices;
    }

    private static SipTransportKind? ServiceTransport(string services) => services.ToUpperInvariant() switch
    {
        "SIP+D2U" => SipTransportKind.Udp,
        "SIP+D2T" => SipTransportKind.Tcp,
        "SIPS+D2T" => SipTransportKind.Tls,
        _ => null,
    };
}
