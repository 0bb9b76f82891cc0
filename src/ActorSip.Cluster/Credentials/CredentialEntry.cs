using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// One username/password of a credential slice as persisted: where it was configured (<paramref name="Source"/>),
/// the password encrypted for this slice, the realm (null = configured without one) and, for a dial-peer's
/// authentication, the dial-peer's tag.
/// </summary>
public sealed record CredentialEntry(CredentialSource Source, string Username, EncryptedSecret Password, string? Realm, int? DialPeer);

/// <summary>An entry as the configuration gives it, password in clear; only ever in a command, never persisted.</summary>
public sealed record PlainCredentialEntry(CredentialSource Source, string Username, string Password, string? Realm, int? DialPeer)
{
    public override string ToString() => $"{Source} {Username} ***** {Realm ?? "(no realm)"}{(DialPeer is { } d ? $" dial-peer {d}" : "")}";
}
