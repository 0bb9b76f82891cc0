using System.Security.Cryptography;

namespace ActorSip.Cluster.Security;

/// <summary>
/// One 256-bit journal key. <see cref="Id"/> is derived from the key (first 8 bytes of its SHA-256), so the same key
/// always has the same id on every node and no separate id has to be configured; it reveals nothing usable.
/// </summary>
public sealed class JournalKey
{
    public const int Size = 32;

    private readonly byte[] _key;

    public JournalKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != Size) throw new ArgumentException($"a journal key is {Size} bytes", nameof(key));
        _key = (byte[])key.Clone();
        Id = "k" + Convert.ToHexStringLower(SHA256.HashData(_key).AsSpan(0, 8));
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_key, SecretProtector.TagSize));
    }

    /// <summary>One cipher per thread (an AesGcm is not thread-safe): creating one per call set up and freed an OpenSSL
    /// context each time, 2.0 µs of a 2.1 µs decryption against 0.7 µs reused; a credential lookup decrypts once.</summary>
    private readonly ThreadLocal<AesGcm> _cipher;

    public string Id { get; }

    public static JournalKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>Parses base64 of 32 bytes; <paramref name="source"/> names where it came from in the error (never the value).</summary>
    public static JournalKey FromBase64(string text, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new JournalKeyException($"journal key from {source} is not base64");
        }
        if (bytes.Length != Size) throw new JournalKeyException($"journal key from {source} must be base64 of {Size} bytes, got {bytes.Length}");
        return new JournalKey(bytes);
    }

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>This thread's cipher for the key; not to be disposed.</summary>
    internal AesGcm Cipher => _cipher.Value!;

    public override string ToString() => $"JournalKey({Id})";
}
