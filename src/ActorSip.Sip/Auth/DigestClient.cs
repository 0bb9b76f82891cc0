using System.Security.Cryptography;
using System.Text;

namespace ActorSip.Sip.Auth;

/// <summary>The inputs of one digest computation (RFC 7616 §3.4.1), all strings as they go on the wire.</summary>
public sealed record DigestInput(
    DigestAlgorithm Algorithm, string Username, string Realm, string Password, string Method, string Uri, string Nonce,
    string? Qop = null, string? Nc = null, string? Cnonce = null, ReadOnlyMemory<byte> Body = default)
{
    public override string ToString() => $"DigestInput {{ {Algorithm.Token()} {Username}@{Realm} {Method} {Uri} }}";
}

/// <summary>
/// Answers Digest challenges (RFC 2617, RFC 7616, RFC 8760): computes the response and writes the Authorization
/// or Proxy-Authorization value. qop=auth is preferred when offered, auth-int otherwise; without qop the RFC 2069
/// form is used. nc counts per nonce, cnonce is random.
/// </summary>
public sealed class DigestClient(Func<string>? cnonceSource = null)
{
    private readonly NonceCounter _nonces = new();
    private readonly Func<string> _cnonce = cnonceSource ?? NewCnonce;

    public static string NewCnonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string HA1(DigestInput i)
    {
        var ha1 = i.Algorithm.Hash($"{i.Username}:{i.Realm}:{i.Password}");
        // -sess (RFC 7616 §3.4.2): HA1 binds the nonce and cnonce of the session.
        return i.Algorithm.IsSession() ? i.Algorithm.Hash($"{ha1}:{i.Nonce}:{i.Cnonce}") : ha1;
    }

    public static string HA2(DigestInput i) =>
        string.Equals(i.Qop, "auth-int", StringComparison.OrdinalIgnoreCase)
            ? i.Algorithm.Hash($"{i.Method}:{i.Uri}:{i.Algorithm.Hash(i.Body.Span)}")
            : i.Algorithm.Hash($"{i.Method}:{i.Uri}");

    /// <summary>The response value: KD(HA1, nonce:nc:cnonce:qop:HA2), or KD(HA1, nonce:HA2) without qop.</summary>
    public static string Response(DigestInput i) => i.Qop is null
        ? i.Algorithm.Hash($"{HA1(i)}:{i.Nonce}:{HA2(i)}")
        : i.Algorithm.Hash($"{HA1(i)}:{i.Nonce}:{i.Nc}:{i.Cnonce}:{i.Qop}:{HA2(i)}");

    /// <summary>userhash (RFC 7616 §3.4.4): H(username:realm).</summary>
    public static string UserHash(DigestAlgorithm algorithm, string username, string realm) =>
        algorithm.Hash($"{username}:{realm}");

    /// <summary>The name of the header that answers this challenge.</summary>
    public static string HeaderFor(DigestChallenge challenge) =>
        challenge.Proxy ? Messages.HeaderNames.ProxyAuthorization : Messages.HeaderNames.Authorization;

    /// <summary>The Authorization / Proxy-Authorization value for one request.</summary>
    public string Authorize(DigestChallenge challenge, DigestCredentials credentials, string method, string uri,
        ReadOnlyMemory<byte> body = default)
    {
        string? qop = challenge.OffersAuth ? "auth" : challenge.OffersAuthInt ? "auth-int" : null;
        string? nc = null, cnonce = null;
        if (qop is not null || challenge.Algorithm.IsSession())
        {
            cnonce = _cnonce();
            nc = qop is null ? null : _nonces.Next(challenge.Nonce);
        }
        var input = new DigestInput(challenge.Algorithm, credentials.Username, challenge.Realm, credentials.Password,
            method, uri, challenge.Nonce, qop, nc, cnonce, body);
        var username = challenge.UserHash ? UserHash(challenge.Algorithm, credentials.Username, challenge.Realm) : credentials.Username;

        var sb = new StringBuilder(256);
        sb.Append("Digest username=\"").Append(Escape(username))
          .Append("\", realm=\"").Append(Escape(challenge.Realm))
          .Append("\", nonce=\"").Append(Escape(challenge.Nonce))
          .Append("\", uri=\"").Append(Escape(uri))
          .Append("\", response=\"").Append(Response(input))
          .Append("\", algorithm=").Append(challenge.Algorithm.Token());
        if (cnonce is not null) sb.Append(", cnonce=\"").Append(cnonce).Append('"');
        if (challenge.Opaque is not null) sb.Append(", opaque=\"").Append(Escape(challenge.Opaque)).Append('"');
        if (qop is not null) sb.Append(", qop=").Append(qop).Append(", nc=").Append(nc);
        if (challenge.UserHash) sb.Append(", userhash=true");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
