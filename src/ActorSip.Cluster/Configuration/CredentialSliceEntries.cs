using System.Collections.Immutable;
using ActorSip.Cluster.Credentials;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;

namespace ActorSip.Cluster.Configuration;

/// <summary>A plan's credential slice as the entries its credential entity stores (encrypted there).</summary>
public static class CredentialSliceEntries
{
    public static ImmutableArray<PlainCredentialEntry> From(CredentialSlice slice)
    {
        var entries = ImmutableArray.CreateBuilder<PlainCredentialEntry>();
        foreach (var peer in slice.Config.DialPeers.Values)
        foreach (var a in peer.Authentications)
            entries.Add(new PlainCredentialEntry(CredentialSource.DialPeerAuthentication, a.Username, a.Password.Plaintext, a.Realm?.Value, peer.Tag.Value));
        foreach (var c in slice.Config.Credentials)
            entries.Add(new PlainCredentialEntry(CredentialSource.SipUaCredentials, c.Username ?? c.Number?.ToString() ?? "", c.Password.Plaintext, c.Realm.Value, null));
        foreach (var a in slice.Config.Authentications)
            entries.Add(new PlainCredentialEntry(CredentialSource.SipUaAuthentication, a.Username, a.Password.Plaintext, a.Realm?.Value, null));
        return entries.ToImmutable();
    }
}
