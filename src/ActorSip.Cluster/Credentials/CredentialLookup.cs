using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>What the credential directory answers: a username and its password, still encrypted (decrypted only for
/// the one digest computation that needs it), or the reason to terminate the request.</summary>
public abstract record CredentialLookup
{
    /// <summary>The seed's step (1 to 5) that decided.</summary>
    public required int Step { get; init; }

    public sealed record Answer(string Username, ProtectedPassword Password, Realm? Realm, CredentialSource Source) : CredentialLookup;

    public sealed record Terminate(string Reason) : CredentialLookup;
}
