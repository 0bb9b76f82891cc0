using System.Security.Cryptography;
using System.Text;

namespace ActorSip.Cluster.Security;

/// <summary>
/// Encrypts secrets before they are persisted or sent between nodes: AES-256-GCM, a fresh 12-byte random nonce per
/// secret, a 16-byte tag. The associated data (the owner's persistence id, or a message's purpose and slice id) is
/// authenticated but not stored: a ciphertext copied into another entity's journal or message does not decrypt there.
/// </summary>
public sealed class SecretProtector
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly JournalKeyring _keys;

    public SecretProtector(JournalKeyring keys) => _keys = keys;

    public string CurrentKeyId => _keys.Current.Id;

    public EncryptedSecret Protect(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Protect(clear, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    /// <summary>Encrypts UTF-8 bytes; the caller owns (and zeroes) <paramref name="plaintextUtf8"/>.</summary>
    public EncryptedSecret Protect(ReadOnlySpan<byte> plaintextUtf8, string associatedData)
    {
        var key = _keys.Current;
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[plaintextUtf8.Length];
        var tag = new byte[TagSize];
        key.Cipher.Encrypt(nonce, plaintextUtf8, cipher, tag, Encoding.UTF8.GetBytes(associatedData));
        return new EncryptedSecret(key.Id, Convert.ToBase64String(nonce), Convert.ToBase64String(cipher), Convert.ToBase64String(tag));
    }

    /// <summary>The plaintext, for use in memory only. Throws <see cref="JournalKeyException"/> when the key id is
    /// unknown, or the key, the associated data or the data itself do not match. A string cannot be zeroed: where
    /// the plaintext is only needed for a moment, use <see cref="UnprotectUtf8"/> and zero the buffer.</summary>
    public string Unprotect(EncryptedSecret secret, string associatedData)
    {
        var clear = UnprotectUtf8(secret, associatedData);
        try
        {
            return Encoding.UTF8.GetString(clear);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    /// <summary>The plaintext as UTF-8 bytes in a new array the caller zeroes
    /// (<see cref="CryptographicOperations.ZeroMemory"/>) as soon as it is done with it.</summary>
    public byte[] UnprotectUtf8(EncryptedSecret secret, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!_keys.TryGet(secret.KeyId, out var key))
            throw new JournalKeyException(
                $"a secret in the journal of {_keys.DataDir} was encrypted with key {secret.KeyId}, which is not configured: " +
                $"set {JournalKeyring.KeyVariable} (or add the old key to {JournalKeyring.OldKeysVariable})");
        byte[]? clear = null;
        try
        {
            var nonce = Convert.FromBase64String(secret.Nonce);
            var cipher = Convert.FromBase64String(secret.Ciphertext);
            var tag = Convert.FromBase64String(secret.Tag);
            clear = new byte[cipher.Length];
            key.Cipher.Decrypt(nonce, cipher, tag, clear, Encoding.UTF8.GetBytes(associatedData));
            return clear;
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or CryptographicException or FormatException or ArgumentException)
        {
            if (clear is not null) CryptographicOperations.ZeroMemory(clear);
            // Deliberately not the inner exception's data: nothing from the ciphertext goes into the message.
            throw new JournalKeyException(
                $"a secret in the journal of {_keys.DataDir} does not decrypt with key {secret.KeyId} for {associatedData}: " +
                $"wrong {JournalKeyring.KeyVariable} or a tampered journal", e);
        }
    }

    /// <summary>The same plaintext encrypted again, under the current key, for another owner or purpose; the plaintext
    /// exists only in a buffer zeroed before this returns.</summary>
    public EncryptedSecret Reprotect(EncryptedSecret secret, string fromAssociatedData, string toAssociatedData)
    {
        var clear = UnprotectUtf8(secret, fromAssociatedData);
        try
        {
            return Protect(clear, toAssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }
}
