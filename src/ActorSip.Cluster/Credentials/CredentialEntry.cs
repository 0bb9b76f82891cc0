using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// One username/password of a credential slice, as persisted and as a SetSlice carries it: where it was configured
/// (<paramref name="Source"/>), the password encrypted for the slice and the place (<see cref="CredentialAssociatedData"/>),
/// the realm (null = configured without one) and, for a dial-peer's authentication, the dial-peer's tag.
/// </summary>
public sealed record CredentialEntry(CredentialSource Source, string Username, EncryptedSecret Password, string? Realm, int? DialPeer);
