using System.Security.Cryptography;
using ActorSip.Cluster.Security;

namespace ActorSip.Cluster.Credentials;

/// <summary>Computes something from a password's UTF-8 bytes, which are valid only during the call.</summary>
public delegate T PasswordUse<out T>(ReadOnlySpan<byte> passwordUtf8);

/// <summary>
/// A chosen password as the asking node holds it: still encrypted (as the lookup answer carried it), with what it
/// takes to decrypt it for one use. <see cref="Use{T}"/> decrypts into a buffer that is zeroed when the call returns,
/// so no plaintext outlives the computation. ToString shows nothing.
/// </summary>
public sealed class ProtectedPassword
{
    private readonly SecretProtector _protector;
    private readonly string _associatedData;

    public ProtectedPassword(EncryptedSecret encrypted, string associatedData, SecretProtector protector)
    {
        Encrypted = encrypted;
        _associatedData = associatedData;
        _protector = protector;
    }

    /// <summary>The ciphertext; all this object keeps of the password.</summary>
    public EncryptedSecret Encrypted { get; }

    /// <summary>Decrypts, runs <paramref name="use"/> on the UTF-8 bytes, zeroes them. Throws
    /// <see cref="JournalKeyException"/> when the key or the associated data do not match.</summary>
    public T Use<T>(PasswordUse<T> use)
    {
        var clear = _protector.UnprotectUtf8(Encrypted, _associatedData);
        try
        {
            return use(clear);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    public override string ToString() => "ProtectedPassword(*****)";
}
