using System.Collections.Immutable;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// Rebuilds the smallest <see cref="TrunkConfig"/> that holds a slice's entries, so the lookup is the same pure
/// <see cref="CredentialDetermination"/> the configuration checks use. It holds no password: the slice replies with
/// the chosen entry's encrypted password, which only the asking node decrypts, for one challenge.
/// </summary>
internal static class CredentialSliceConfig
{
    /// <summary>The endpoint of a slice id "1111/realm" or "1111/*".</summary>
    public static EndpointNumber EndpointOf(string sliceId)
    {
        var slash = sliceId.IndexOf('/', StringComparison.Ordinal);
        return EndpointNumber.Parse(slash < 0 ? sliceId : sliceId[..slash]);
    }

    /// <summary>Why an entry cannot be part of a slice, or null when it can.</summary>
    public static string? Invalid(CredentialEntry e) => e switch
    {
        { Username.Length: 0 } => "an entry without username",
        // AES-GCM's ciphertext is as long as the plaintext: an empty one is an empty password.
        { Password.Ciphertext.Length: 0 } => $"entry {e.Username} has no password",
        { Source: CredentialSource.SipUaCredentials, Realm: null } => $"credentials entry {e.Username} needs a realm",
        { Source: CredentialSource.DialPeerAuthentication, DialPeer: null } => $"dial-peer entry {e.Username} needs a dial-peer tag",
        { DialPeer: { } tag } when !DialPeerTag.TryCreate(tag, out _) => $"dial-peer tag {tag} out of range",
        _ => null,
    };

    /// <summary>A slice as a configuration for <see cref="CredentialDetermination"/>, and for each <see cref="Secret"/> in
    /// it (by reference) the entry it came from, so that an answer maps back to the entry whose encrypted password goes
    /// into the reply.</summary>
    public sealed record LookupView(TrunkConfig Config, EndpointNumber Endpoint, IReadOnlyDictionary<Secret, CredentialEntry> Origin);

    /// <summary>The determination chooses by source, username and realm and never reads a password, so each secret
    /// here is a placeholder, not the plaintext: the view can live as long as the slice's state.</summary>
    public static LookupView Build(EndpointNumber endpoint, IEnumerable<CredentialEntry> entries)
    {
        var origin = new Dictionary<Secret, CredentialEntry>(ReferenceEqualityComparer.Instance);
        var credentials = ImmutableList.CreateBuilder<Credential>();
        var authentications = ImmutableArray.CreateBuilder<Authentication>();
        var peers = new SortedDictionary<DialPeerTag, ImmutableArray<Authentication>.Builder>();
        foreach (var entry in entries)
        {
            var secret = Secret.Clear(Placeholder);
            origin[secret] = entry;
            Realm? realm = entry.Realm is { } r ? new Realm(r) : null;
            switch (entry.Source)
            {
                case CredentialSource.SipUaCredentials:
                    credentials.Add(new Credential(endpoint, entry.Username, secret, realm!.Value));
                    break;
                case CredentialSource.SipUaAuthentication:
                    authentications.Add(new Authentication(entry.Username, secret, realm));
                    break;
                case CredentialSource.DialPeerAuthentication:
                    var tag = DialPeerTag.Create(entry.DialPeer!.Value);
                    if (!peers.TryGetValue(tag, out var list)) peers[tag] = list = ImmutableArray.CreateBuilder<Authentication>();
                    list.Add(new Authentication(entry.Username, secret, realm));
                    break;
            }
        }
        var config = TrunkConfig.Empty with
        {
            Credentials = credentials.ToImmutable(),
            Authentications = authentications.ToImmutable(),
            DialPeers = peers.ToImmutableSortedDictionary(
                p => p.Key, p => new DialPeer(p.Key, endpoint.Value, p.Value.ToImmutable(), null)),
        };
        return new LookupView(config, endpoint, origin);
    }

    private const string Placeholder = "(encrypted in the journal)";
}
