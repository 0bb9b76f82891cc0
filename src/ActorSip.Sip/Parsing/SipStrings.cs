namespace ActorSip.Sip.Parsing;

/// <summary>
/// Shared strings for the words every registration message repeats (schemes, transports, parameter names), so the
/// parser hands out the same instance instead of allocating a copy per message.
/// </summary>
internal static class SipStrings
{
    private static readonly string[] Common =
    [
        "sip", "sips", "tel", "SIP", "2.0", "UDP", "TCP", "TLS", "SCTP", "WS", "WSS",
        "tag", "branch", "rport", "received", "maddr", "ttl", "expires", "q", "lr", "transport", "user",
        "phone", "udp", "tcp", "tls", "ob", "reg-id", "+sip.instance", "methods",
    ];

    public static string Get(ReadOnlySpan<char> text)
    {
        foreach (var s in Common)
            if (text.SequenceEqual(s)) return s;
        return text.ToString();
    }

    /// <summary>Upper-cased, shared when common (Via transports are case-insensitive tokens).</summary>
    public static string GetUpper(ReadOnlySpan<char> text)
    {
        foreach (var s in Common)
            if (text.Equals(s, StringComparison.OrdinalIgnoreCase) && s.AsSpan().IndexOfAnyInRange('a', 'z') < 0) return s;
        return text.ToString().ToUpperInvariant();
    }
}
