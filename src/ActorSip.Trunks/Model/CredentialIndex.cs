using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>
/// The sip-ua credentials by number and realm, and each endpoint's credential realms: what the rules check on every
/// `credentials` line. Persistent (adding one shares the rest), so reading N lines stays O(N log N) where a scan per
/// line made it quadratic (a 100,000-line trunk file took over 5 minutes to read).
/// </summary>
internal sealed class CredentialIndex
{
    public static readonly CredentialIndex Empty = new(
        ImmutableDictionary<(EndpointNumber, Realm), Credential>.Empty, ImmutableDictionary<string, ImmutableHashSet<Realm>>.Empty);

    private readonly ImmutableDictionary<(EndpointNumber, Realm), Credential> _byNumberAndRealm;
    private readonly ImmutableDictionary<string, ImmutableHashSet<Realm>> _realmsByEndpoint;

    private CredentialIndex(ImmutableDictionary<(EndpointNumber, Realm), Credential> byNumberAndRealm,
        ImmutableDictionary<string, ImmutableHashSet<Realm>> realmsByEndpoint)
    {
        _byNumberAndRealm = byNumberAndRealm;
        _realmsByEndpoint = realmsByEndpoint;
    }

    /// <summary>The endpoint a credential belongs to, as the realm limit counts it.</summary>
    public static string EndpointKey(Credential credential) => credential.Number.Value;

    public static CredentialIndex Build(IEnumerable<Credential> credentials) =>
        credentials.Aggregate(Empty, (index, c) => index.With(c));

    /// <summary>The first credential for this number and realm, as a scan in configuration order would find it.</summary>
    public Credential? Find(EndpointNumber number, Realm realm) => _byNumberAndRealm.GetValueOrDefault((number, realm));

    public ImmutableHashSet<Realm> RealmsOf(string endpointKey) =>
        _realmsByEndpoint.GetValueOrDefault(endpointKey) ?? ImmutableHashSet<Realm>.Empty;

    public CredentialIndex With(Credential credential)
    {
        var key = EndpointKey(credential);
        return new CredentialIndex(
            _byNumberAndRealm.ContainsKey((credential.Number, credential.Realm))
                ? _byNumberAndRealm
                : _byNumberAndRealm.Add((credential.Number, credential.Realm), credential),
            _realmsByEndpoint.SetItem(key, RealmsOf(key).Add(credential.Realm)));
    }
}
