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
        var password = Encoding.UTF8.GetBytes(credentials.Password);
        try
        {
            return Authorize(challenge, credentials.Username, password, method, uri, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>The Authorization / Proxy-Authorization value for one request, from the password's UTF-8 bytes: no
    /// string ever holds the password or HA1, and every buffer that did is zeroed before this returns.</summary>
    public string Authorize(DigestChallenge challenge, string username, ReadOnlySpan<byte> passwordUtf8, string method, string uri,
        ReadOnlyMemory<byte> body = default)
    {
        string? qop = challenge.OffersAuth ? "auth" : challenge.OffersAuthInt ? "auth-int" : null;
        string? nc = null, cnonce = null;
        if (qop is not null || challenge.Algorithm.IsSession())
        {
            cnonce = _cnonce();
            nc = qop is null ? null : _nonces.Next(challenge.Nonce);
        }
        var response = Response(challenge.Algorithm, username, challenge.Realm, passwordUtf8, method, uri, challenge.Nonce, qop, nc, cnonce, body.Span);
        var shownUsername = challenge.UserHash ? UserHash(challenge.Algorithm, username, challenge.Realm) : username;

        var sb = new StringBuilder(256);
        sb.Append("Digest username=\"").Append(Escape(shownUsername))
          .Append("\", realm=\"").Append(Escape(challenge.Realm))
          .Append("\", nonce=\"").Append(Escape(challenge.Nonce))
          .Append("\", uri=\"").Append(Escape(uri))
          .Append("\", response=\"").Append(response)
          .Append("\", algorithm=").Append(challenge.Algorithm.Token());
        if (cnonce is not null) sb.Append(", cnonce=\"").Append(cnonce).Append('"');
        if (challenge.Opaque is not null) sb.Append(", opaque=\"").Append(Escape(challenge.Opaque)).Append('"');
        if (qop is not null) sb.Append(", qop=").Append(qop).Append(", nc=").Append(nc);
        if (challenge.UserHash) sb.Append(", userhash=true");
        return sb.ToString();
    }

    /// <summary><see cref="Response(DigestInput)"/> from the password's UTF-8 bytes. HA1 is as good as the password
    /// at this realm, so it too lives only in buffers zeroed here; the response itself is public.</summary>
    public static string Response(DigestAlgorithm algorithm, string username, string realm, ReadOnlySpan<byte> passwordUtf8,
        string method, string uri, string nonce, string? qop, string? nc, string? cnonce, ReadOnlySpan<byte> body = default)
    {
        var ha2 = HA2(new DigestInput(algorithm, username, realm, "", method, uri, nonce, qop, nc, cnonce, body.ToArray()));
        Span<byte> ha1 = stackalloc byte[HexSize];
        Span<byte> sessionHa1 = stackalloc byte[HexSize];
        Span<byte> response = stackalloc byte[HexSize];
        try
        {
            var n = HashHex(algorithm, Encoding.UTF8.GetBytes($"{username}:{realm}:"), passwordUtf8, "", ha1);
            if (algorithm.IsSession())
            {
                n = HashHex(algorithm, [], ha1[..n], $":{nonce}:{cnonce}", sessionHa1);
                sessionHa1[..n].CopyTo(ha1);
            }
            var tail = qop is null ? $":{nonce}:{ha2}" : $":{nonce}:{nc}:{cnonce}:{qop}:{ha2}";
            var m = HashHex(algorithm, [], ha1[..n], tail, response);
            return Encoding.ASCII.GetString(response[..m]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ha1);
            CryptographicOperations.ZeroMemory(sessionHa1);
        }
    }

    /// <summary>Twice the largest hash (32 bytes) in hex.</summary>
    private const int HexSize = 64;

    /// <summary>H(head secret tail) as lowercase hex ASCII in <paramref name="hex"/>; the concatenation and the raw
    /// hash are zeroed. Returns the hex length.</summary>
    private static int HashHex(DigestAlgorithm algorithm, ReadOnlySpan<byte> head, ReadOnlySpan<byte> secret, string tail, Span<byte> hex)
    {
        var tailBytes = Encoding.UTF8.GetBytes(tail);
        var buffer = new byte[head.Length + secret.Length + tailBytes.Length];
        Span<byte> hash = stackalloc byte[HexSize / 2];
        try
        {
            head.CopyTo(buffer);
            secret.CopyTo(buffer.AsSpan(head.Length));
            tailBytes.CopyTo(buffer.AsSpan(head.Length + secret.Length));
            var n = algorithm.HashInto(buffer, hash);
            const string digits = "0123456789abcdef";
            for (var i = 0; i < n; i++)
            {
                hex[2 * i] = (byte)digits[hash[i] >> 4];
                hex[2 * i + 1] = (byte)digits[hash[i] & 0xF];
            }
            return 2 * n;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
