using System.Security.Cryptography;
using System.Text;

namespace ActorSip.Sip.Auth;

/// <summary>RFC 7616 §6.1 / RFC 8760 algorithms. The order of the values is their strength (RFC 7616 §3.7).</summary>
public enum DigestAlgorithm
{
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
    Sha512_256,
    Sha512_256Sess,
}

public static class DigestAlgorithms
{
    /// <summary>The token as written in challenges; case-insensitive on input (RFC 7616 §3.3).</summary>
    public static string Token(this DigestAlgorithm a) => a switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        DigestAlgorithm.Sha512_256 => "SHA-512-256",
        _ => "SHA-512-256-sess",
    };

    public static bool TryParse(string? token, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (token is null) return true; // absent means MD5 (RFC 2617 §3.2.1)
        foreach (var a in Enum.GetValues<DigestAlgorithm>())
        {
            if (string.Equals(a.Token(), token, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = a;
                return true;
            }
        }
        return false;
    }

    public static bool IsSession(this DigestAlgorithm a) => a is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess or DigestAlgorithm.Sha512_256Sess;

    /// <summary>Strength rank: -sess variants rank as their base hash.</summary>
    public static int Strength(this DigestAlgorithm a) => (int)a / 2;

    /// <summary>H(text) as lowercase hex of the UTF-8 bytes.</summary>
    public static string Hash(this DigestAlgorithm a, string text) => a.Hash(Encoding.UTF8.GetBytes(text));

    /// <summary>H(octets) as lowercase hex (the body hash of qop=auth-int).</summary>
    public static string Hash(this DigestAlgorithm a, ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(a.Strength() switch
    {
        0 => MD5.HashData(bytes),
        1 => SHA256.HashData(bytes),
        _ => Sha512_256.HashData(bytes),
    });

    /// <summary>H(octets) into <paramref name="destination"/> (at least 32 bytes); returns the hash length.</summary>
    internal static int HashInto(this DigestAlgorithm a, ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        switch (a.Strength())
        {
            case 0:
                return MD5.HashData(bytes, destination);
            case 1:
                return SHA256.HashData(bytes, destination);
            default:
                var hash = Sha512_256.HashData(bytes);
                hash.CopyTo(destination);
                CryptographicOperations.ZeroMemory(hash);
                return hash.Length;
        }
    }
}
