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

    // Bucketed by length: most lookups are misses (tags, branches, addresses), and a miss then costs one array
    // index instead of thirty comparisons.
    private static readonly string[][] ByLength = BucketByLength(Common);

    private static string[][] BucketByLength(string[] words)
    {
        var buckets = new string[words.Max(w => w.Length) + 1][];
        for (var n = 0; n < buckets.Length; n++) buckets[n] = words.Where(w => w.Length == n).ToArray();
        return buckets;
    }

    public static string Get(ReadOnlySpan<char> text)
    {
        if (text.Length < ByLength.Length)
            foreach (var s in ByLength[text.Length])
                if (text.SequenceEqual(s)) return s;
        return text.ToString();
    }

    /// <summary>Upper-cased, shared when common (Via transports are case-insensitive tokens).</summary>
    public static string GetUpper(ReadOnlySpan<char> text)
    {
        if (text.Length < ByLength.Length)
            foreach (var s in ByLength[text.Length])
                if (text.Equals(s, StringComparison.OrdinalIgnoreCase) && s.AsSpan().IndexOfAnyInRange('a', 'z') < 0) return s;
        return text.ToString().ToUpperInvariant();
    }
}
