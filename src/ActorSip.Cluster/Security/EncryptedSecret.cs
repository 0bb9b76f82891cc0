namespace ActorSip.Cluster.Security;

/// <summary>
/// A secret as it is persisted and sent between nodes: AES-256-GCM output, base64 parts, and the id of the key that
/// made it (so a rotated keyring still finds the old key). ToString shows nothing, not even the key id, so that a
/// logged message or a failed assertion never prints any part of it.
/// </summary>
public sealed record EncryptedSecret(string KeyId, string Nonce, string Ciphertext, string Tag) : IActorSipMessage
{
    public override string ToString() => "EncryptedSecret(*****)";
}
