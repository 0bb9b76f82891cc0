using System.Security.Cryptography;
using System.Text;

namespace ActorSip.Cluster.Security;

/// <summary>
/// Encrypts secrets before they are persisted: AES-256-GCM, a fresh 12-byte random nonce per secret, a 16-byte tag.
/// The associated data (the owner's persistence id) is authenticated but not stored: a ciphertext copied into
/// another entity's journal does not decrypt there.
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
        var key = _keys.Current;
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[clear.Length];
        var tag = new byte[TagSize];
        try
        {
            key.Cipher.Encrypt(nonce, clear, cipher, tag, Encoding.UTF8.GetBytes(associatedData));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
        return new EncryptedSecret(key.Id, Convert.ToBase64String(nonce), Convert.ToBase64String(cipher), Convert.ToBase64String(tag));
    }

    /// <summary>The plaintext, for use in memory only. Throws <see cref="JournalKeyException"/> when the key id is
    /// unknown, or the key, the associated data or the data itself do not match.</summary>
    public string Unprotect(EncryptedSecret secret, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!_keys.TryGet(secret.KeyId, out var key))
            throw new JournalKeyException(
                $"a secret in the journal of {_keys.DataDir} was encrypted with key {secret.KeyId}, which is not configured: " +
                $"set {JournalKeyring.KeyVariable} (or add the old key to {JournalKeyring.OldKeysVariable})");
        try
        {
            var nonce = Convert.FromBase64String(secret.Nonce);
            var cipher = Convert.FromBase64String(secret.Ciphertext);
            var tag = Convert.FromBase64String(secret.Tag);
            var clear = new byte[cipher.Length];
            key.Cipher.Decrypt(nonce, cipher, tag, clear, Encoding.UTF8.GetBytes(associatedData));
            var text = Encoding.UTF8.GetString(clear);
            CryptographicOperations.ZeroMemory(clear);
            return text;
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or CryptographicException or FormatException or ArgumentException)
        {
            // Deliberately not the inner exception's data: nothing from the ciphertext goes into the message.
            throw new JournalKeyException(
                $"a secret in the journal of {_keys.DataDir} does not decrypt with key {secret.KeyId} for {associatedData}: " +
                $"wrong {JournalKeyring.KeyVariable} or a tampered journal", e);
        }
    }
}
