namespace ActorSip.Sip.Auth;

/// <summary>A Digest challenge (RFC 7616 §3.3) as sent in WWW-Authenticate (401) or Proxy-Authenticate (407).</summary>
public sealed record DigestChallenge(
    string Realm, string Nonce, string? Opaque, DigestAlgorithm Algorithm, IReadOnlyList<string> Qop, bool Stale,
    bool UserHash, bool Proxy)
{
    public bool OffersAuth => Qop.Contains("auth", StringComparer.OrdinalIgnoreCase);

    public bool OffersAuthInt => Qop.Contains("auth-int", StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads one parsed header as a Digest challenge; false for other schemes and unknown algorithms.</summary>
    public static bool TryFrom(AuthHeader header, bool proxy, out DigestChallenge challenge, out string error)
    {
        challenge = null!;
        if (!header.IsDigest)
        {
            error = $"scheme '{header.Scheme}' is not Digest";
            return false;
        }
        if (header.Get("nonce") is not { } nonce)
        {
            error = "Digest challenge without nonce";
            return false;
        }
        if (!DigestAlgorithms.TryParse(header.Get("algorithm"), out var algorithm))
        {
            error = $"unsupported algorithm '{header.Get("algorithm")}'";
            return false;
        }
        var qop = (header.Get("qop") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        challenge = new DigestChallenge(header.Get("realm") ?? "", nonce, header.Get("opaque"), algorithm, qop,
            string.Equals(header.Get("stale"), "true", StringComparison.OrdinalIgnoreCase),
            string.Equals(header.Get("userhash"), "true", StringComparison.OrdinalIgnoreCase), proxy);
        error = "";
        return true;
    }

    /// <summary>
    /// The challenge to answer among all header values of a response: the strongest algorithm we support
    /// (RFC 8760 §3, RFC 7616 §3.7); non-Digest schemes, unknown algorithms and unparsable values are skipped.
    /// </summary>
    public static DigestChallenge? ChooseStrongest(IEnumerable<string> headerValues, bool proxy) =>
        ChooseStrongestWithHeader(headerValues, proxy)?.Challenge;

    /// <summary><see cref="ChooseStrongest"/>, with the header value the chosen challenge came from.</summary>
    public static (DigestChallenge Challenge, string Header)? ChooseStrongestWithHeader(IEnumerable<string> headerValues, bool proxy)
    {
        (DigestChallenge Challenge, string Header)? best = null;
        var all = new List<AuthHeader>(2);
        foreach (var value in headerValues)
        {
            all.Clear();
            if (!AuthHeaderParser.TryParseAll(value, all, out _)) continue;
            foreach (var header in all)
            {
                if (!TryFrom(header, proxy, out var c, out _)) continue;
                if (best is null || c.Algorithm.Strength() > best.Value.Challenge.Algorithm.Strength()) best = (c, value);
            }
        }
        return best;
    }
}
