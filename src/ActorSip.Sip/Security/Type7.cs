using System.Text;

namespace ActorSip.Sip.Security;

/// <summary>Why a string is not well-formed Cisco type 7.</summary>
public enum Type7ErrorCode
{
    TooShort,
    OddLength,
    SaltNotDecimal,
    SaltRange,
    NonHex,
    NonAscii,
}

/// <summary>A rejected type 7 string: a stable code (as in the conformance vectors) and a message that never echoes the input.</summary>
public readonly record struct Type7Error(Type7ErrorCode Code, string Message)
{
    /// <summary>The code as the conformance vectors spell it: too-short, odd-length, salt-not-decimal, salt-range, non-hex, non-ascii.</summary>
    public string CodeName => Code switch
    {
        Type7ErrorCode.TooShort => "too-short",
        Type7ErrorCode.OddLength => "odd-length",
        Type7ErrorCode.SaltNotDecimal => "salt-not-decimal",
        Type7ErrorCode.SaltRange => "salt-range",
        Type7ErrorCode.NonHex => "non-hex",
        Type7ErrorCode.NonAscii => "non-ascii",
        _ => Code.ToString(),
    };

    public override string ToString() => $"{CodeName}: {Message}";
}

/// <summary>
/// Cisco IOS "type 7" password encoding: a reversible obfuscation, not encryption.
/// The encoded form is a two-digit decimal salt (00-15) followed by each plaintext octet
/// XORed with a fixed key string, starting at key index salt, in hex.
/// </summary>
public static class Type7
{
    // The fixed key IOS uses; 53 octets. Indices wrap modulo its length.
    private static ReadOnlySpan<byte> Key => "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"u8;

    public const int MaxSalt = 15;

    /// <summary>Encodes ASCII <paramref name="plaintext"/> with <paramref name="salt"/> (0-15) as upper-case hex.</summary>
    public static string Encode(string plaintext, int salt)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentOutOfRangeException.ThrowIfNegative(salt);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(salt, MaxSalt);
        var builder = new StringBuilder(2 + plaintext.Length * 2);
        builder.Append(salt.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        var key = Key;
        for (var i = 0; i < plaintext.Length; i++)
        {
            var c = plaintext[i];
            if (c > 0x7F)
            {
                throw new ArgumentException("type 7 encodes ASCII text only", nameof(plaintext));
            }
            var octet = (byte)(c ^ key[(salt + i) % key.Length]);
            builder.Append(octet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Decodes a type 7 string; accepts either case of hex digit. Never throws on bad input.</summary>
    public static bool TryDecode(string encoded, out string plaintext, out Type7Error error)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        plaintext = string.Empty;
        if (encoded.Length < 2)
        {
            error = new Type7Error(Type7ErrorCode.TooShort, "too short: no salt");
            return false;
        }
        if (encoded.Length % 2 != 0)
        {
            error = new Type7Error(Type7ErrorCode.OddLength, "odd length");
            return false;
        }
        if (!char.IsAsciiDigit(encoded[0]) || !char.IsAsciiDigit(encoded[1]))
        {
            error = new Type7Error(Type7ErrorCode.SaltNotDecimal, "salt is not two decimal digits");
            return false;
        }
        var salt = (encoded[0] - '0') * 10 + (encoded[1] - '0');
        if (salt > MaxSalt)
        {
            error = new Type7Error(Type7ErrorCode.SaltRange, "salt out of range (above 15)");
            return false;
        }
        var body = encoded.AsSpan(2);
        foreach (var c in body)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                error = new Type7Error(Type7ErrorCode.NonHex, "non-hex character in payload");
                return false;
            }
        }
        var key = Key;
        var chars = new char[body.Length / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            var octet = (HexValue(body[2 * i]) << 4 | HexValue(body[2 * i + 1])) ^ key[(salt + i) % key.Length];
            if (octet > 0x7F)
            {
                error = new Type7Error(Type7ErrorCode.NonAscii, "decodes to non-ASCII octets");
                return false;
            }
            chars[i] = (char)octet;
        }
        plaintext = new string(chars);
        error = default;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };
}
