using ActorSip.Sip.Security;

namespace ActorSip.Trunks;

/// <summary>How a password was written in the configuration: IOS type 0 (clear) or type 7 (obfuscated).</summary>
public enum PasswordType
{
    Clear = 0,
    Type7 = 7,
}

/// <summary>
/// A password as configured. Keeps the configured form (so printing back gives the same line) and the
/// plaintext the digest needs. ToString never shows either.
/// </summary>
public sealed record Secret
{
    public const string Mask = "*****";

    private Secret(string plaintext, PasswordType type, string configuredText)
    {
        Plaintext = plaintext;
        Type = type;
        ConfiguredText = configuredText;
    }

    public string Plaintext { get; }

    public PasswordType Type { get; }

    /// <summary>The text after `password [0|7]`: the plaintext for type 0, the hex string for type 7.</summary>
    public string ConfiguredText { get; }

    public static Secret Clear(string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(plaintext);
        return new Secret(plaintext, PasswordType.Clear, plaintext);
    }

    /// <summary>Decodes a type 7 string; the error message never contains the input.</summary>
    public static bool TryType7(string encoded, out Secret? secret, out Type7Error error)
    {
        secret = null;
        if (!Type7.TryDecode(encoded, out var plaintext, out error))
        {
            return false;
        }
        secret = new Secret(plaintext, PasswordType.Type7, encoded.ToUpperInvariant());
        return true;
    }

    public override string ToString() => Mask;
}
