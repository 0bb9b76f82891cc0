using ActorSip.Trunks;
using ActorSip.Trunks.Planning;

namespace ActorSip.Cluster.Configuration;

/// <summary>A plan's credential slice as the entries its credential entity stores; <see cref="Credentials.CredentialCommands.SetSlice.Create"/>
/// encrypts their passwords before they leave this node.</summary>
public static class CredentialSliceEntries
{
    public static IEnumerable<(CredentialSource Source, string Username, string Password, string? Realm, int? DialPeer)> From(CredentialSlice slice)
    {
        foreach (var peer in slice.Config.DialPeers.Values)
        foreach (var a in peer.Authentications)
            yield return (CredentialSource.DialPeerAuthentication, a.Username, a.Password.Plaintext, a.Realm?.Value, peer.Tag.Value);
        foreach (var c in slice.Config.Credentials)
            yield return (CredentialSource.SipUaCredentials, c.Username, c.Password.Plaintext, c.Realm.Value, null);
        foreach (var a in slice.Config.Authentications)
            yield return (CredentialSource.SipUaAuthentication, a.Username, a.Password.Plaintext, a.Realm?.Value, null);
    }
}
