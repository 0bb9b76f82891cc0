using System.Collections.Immutable;
using ActorSip.Sip;

namespace ActorSip.Trunks.Planning;

/// <summary>A registrar as the registration loops use it. <see cref="Id"/> is the index ("1".."6"), or
/// "primary"/"secondary" for the legacy form. The options are plain values: the plan travels in binding specs
/// and is persisted with them, and a spec journaled before they existed reads back with their defaults.</summary>
public sealed record PlannedRegistrar(string Id, RegistrarTarget Target, int Expires, SipTransportKind Transport)
{
    /// <summary>`refresh-ratio` in percent; null: the node's default (RegistrationPolicy.RefreshRatio).</summary>
    public int? RefreshRatio { get; init; }

    /// <summary>`auth-realm`: the only realm a challenge from this registrar may name.</summary>
    public string? AuthRealm { get; init; }

    public bool RandomContact { get; init; }

    public RegistrarScheme Scheme { get; init; }

    public static PlannedRegistrar Of(string id, RegistrarTarget target, int expires, SipTransportKind transport, RegistrarOptions options) =>
        new(id, target, expires, transport)
        {
            RefreshRatio = options.RefreshRatio, AuthRealm = options.AuthRealm?.Value, RandomContact = options.RandomContact, Scheme = options.Scheme,
        };
}

/// <summary>One endpoint registering with one registrar: the unit that has a Call-ID, a CSeq and a loop.</summary>
public sealed record PlannedBinding(EndpointNumber Endpoint, string RegistrarId)
{
    public string Id => $"{Endpoint}@{RegistrarId}";
}

/// <summary>Where one credential lookup is answered: the credentials of one endpoint for one realm
/// (<see cref="Realm"/> null = the entries configured without a realm, seed step 5).</summary>
public sealed record CredentialSlice(EndpointNumber Endpoint, Realm? Realm, TrunkConfig Config)
{
    public string Id => SliceId(Endpoint, Realm);

    /// <summary>Realms compare case-insensitively, so the id uses the lower-cased realm; "*" stands for "no realm".</summary>
    public static string SliceId(EndpointNumber endpoint, Realm? realm) =>
        $"{endpoint}/{(realm is { } r ? r.Value.ToLowerInvariant() : "*")}";
}

/// <summary>
/// What a configuration asks the cluster to run: every endpoint registers with every registrar (the seed: "you
/// cannot restrict the registration of specific endpoints with specific registrars"), and the credentials are cut
/// into per-endpoint, per-realm slices so one lookup reaches one entity that can answer it alone.
/// </summary>
public sealed record TrunkPlan(
    ImmutableArray<PlannedRegistrar> Registrars,
    ImmutableArray<EndpointNumber> Endpoints,
    ImmutableArray<PlannedBinding> Bindings,
    ImmutableArray<CredentialSlice> CredentialSlices)
{
    /// <summary>IOS's default registrar expiry.</summary>
    public const int DefaultExpires = 3600;

    /// <summary>What changing from <paramref name="before"/> to <paramref name="after"/> asks of the cluster.</summary>
    public static PlanDiff Diff(TrunkPlan before, TrunkPlan after) => PlanDiff.Between(before, after);

    public static TrunkPlan From(TrunkConfig config)
    {
        var registrars = config.Registrars.Values
            .Select(r => PlannedRegistrar.Of(r.Index.ToString(), r.Target, r.Expires ?? DefaultExpires, r.Transport, r.Options))
            .ToList();
        if (config.PrimaryRegistrar is { } p)
            registrars.Add(PlannedRegistrar.Of("primary", p.Target, p.Expires ?? DefaultExpires, p.Transport, p.Options));
        if (config.SecondaryRegistrar is { } s)
            registrars.Add(PlannedRegistrar.Of("secondary", s.Target, s.Expires ?? DefaultExpires, s.Transport, s.Options));

        var endpoints = config.Credentials.Select(c => c.Number)
            .Concat(config.DialPeers.Values.Where(d => d.Endpoint is not null).Select(d => d.Endpoint!.Value))
            .Distinct()
            .Order()
            .ToImmutableArray();

        var bindings = endpoints.SelectMany(e => registrars.Select(r => new PlannedBinding(e, r.Id))).ToImmutableArray();
        // Each endpoint's credentials and dial-peer looked up, not scanned for: a scan per endpoint made planning
        // 50,000 endpoints take minutes.
        var credentialsOf = config.Credentials.ToLookup(c => c.Number);
        var peerOf = new Dictionary<EndpointNumber, DialPeer>();
        foreach (var peer in config.DialPeers.Values)
            if (peer.Endpoint is { } number) peerOf.TryAdd(number, peer); // the first in tag order, as before
        var slices = endpoints.SelectMany(e => SlicesFor(config, e, [.. credentialsOf[e]], peerOf.GetValueOrDefault(e))).ToImmutableArray();
        return new TrunkPlan([.. registrars], endpoints, bindings, slices);
    }

    /// <summary>
    /// The realms an endpoint can answer for, each with the smallest configuration that gives the same answer as
    /// the whole one: <see cref="CredentialDetermination"/> on a slice never sees another realm's entries.
    /// </summary>
    private static IEnumerable<CredentialSlice> SlicesFor(TrunkConfig config, EndpointNumber endpoint, List<Credential> credentials, DialPeer? peer)
    {
        var realms = (peer?.Authentications.Select(a => a.Realm) ?? [])
            .Concat(credentials.Select(c => (Realm?)c.Realm))
            .Concat(config.Authentications.Select(a => a.Realm))
            .Distinct()
            .ToList();
        foreach (var realm in realms)
        {
            var slice = TrunkConfig.Empty with
            {
                Credentials = realm is null ? [] : [.. credentials.Where(c => c.Realm == realm)],
                Authentications = [.. config.Authentications.Where(a => a.Realm == realm)],
                DialPeers = peer is null
                    ? ImmutableSortedDictionary<DialPeerTag, DialPeer>.Empty
                    : ImmutableSortedDictionary<DialPeerTag, DialPeer>.Empty.Add(peer.Tag,
                        peer with { Authentications = [.. peer.Authentications.Where(a => a.Realm == realm)], LocalHost = null }),
            };
            yield return new CredentialSlice(endpoint, realm, slice);
        }
    }

    /// <summary>The lookup the slices make possible: the realm's slice first (steps 1-3), then the endpoint's
    /// realm-less slice (step 5); no other slice is ever asked, so no other realm's credential can be chosen.
    /// <paramref name="askSlice"/> answers for one slice id (null when there is no such slice); the credential
    /// directory asks entities with it, the tests a local dictionary.</summary>
    public static async Task<CredentialChoice> DetermineAsync(
        Func<string, CancellationToken, Task<CredentialChoice?>> askSlice, Challenge challenge, CancellationToken ct)
    {
        if (challenge.Endpoint is not { } endpoint)
            return new CredentialChoice.Terminate("no endpoint to look up") { Step = 4 };
        CredentialChoice? own = null;
        if (challenge.Realm is { } realm)
        {
            own = await askSlice(CredentialSlice.SliceId(endpoint, realm), ct).ConfigureAwait(false);
            if (own is CredentialChoice.Answer) return own;
        }
        var realmLess = await askSlice(CredentialSlice.SliceId(endpoint, null), ct).ConfigureAwait(false);
        return realmLess ?? own ?? new CredentialChoice.Terminate(
            $"no authentication or credential for {(challenge.Realm is { } r ? $"realm {r}" : "a challenge without realm")}") { Step = 4 };
    }

    /// <summary><see cref="DetermineAsync"/> over slices held in memory.</summary>
    public static CredentialChoice Determine(Func<string, TrunkConfig?> sliceById, Challenge challenge) =>
        DetermineAsync((id, _) => Task.FromResult(sliceById(id) is { } slice ? CredentialDetermination.Determine(slice, challenge) : (CredentialChoice?)null),
            challenge, CancellationToken.None).GetAwaiter().GetResult();
}
