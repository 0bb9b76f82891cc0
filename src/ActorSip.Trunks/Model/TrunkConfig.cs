using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>
/// The whole trunk configuration: the sip-ua registrars, credentials, authentications and localhost, and the
/// POTS dial-peers. Immutable; change it only through <see cref="Apply"/>, which enforces the seed's restrictions.
/// </summary>
public sealed record TrunkConfig
{
    public static TrunkConfig Empty { get; } = new();

    public ImmutableSortedDictionary<RegistrarIndex, Registrar> Registrars { get; init; } = ImmutableSortedDictionary<RegistrarIndex, Registrar>.Empty;

    public LegacyRegistrar? PrimaryRegistrar { get; init; }

    public LegacyRegistrar? SecondaryRegistrar { get; init; }

    private readonly ImmutableList<Credential> _credentials = [];
    private CredentialIndex? _credentialIndex;

    /// <summary>sip-ua `credentials`, in configuration order. A list, not an array: adding one to a configuration of
    /// N copies O(log N), not N (reading N lines was quadratic).</summary>
    public ImmutableList<Credential> Credentials
    {
        get => _credentials;
        init
        {
            _credentials = value;
            _credentialIndex = null;
        }
    }

    /// <summary>Kept up to date by the rules when they add a credential (set it after <see cref="Credentials"/>);
    /// rebuilt from <see cref="Credentials"/> after any other change to them.</summary>
    internal CredentialIndex CredentialIndex
    {
        get => _credentialIndex ??= CredentialIndex.Build(_credentials);
        init => _credentialIndex = value;
    }

    /// <summary>sip-ua `authentication`, in configuration order.</summary>
    public ImmutableArray<Authentication> Authentications { get; init; } = [];

    /// <summary>sip-ua `localhost`.</summary>
    public LocalHost? LocalHost { get; init; }

    public ImmutableSortedDictionary<DialPeerTag, DialPeer> DialPeers { get; init; } = ImmutableSortedDictionary<DialPeerTag, DialPeer>.Empty;

    /// <summary>True when the older primary/secondary registrar form is in use.</summary>
    public bool IsLegacyMode => PrimaryRegistrar is not null || SecondaryRegistrar is not null;

    public int RegistrarCount => Registrars.Count + (PrimaryRegistrar is null ? 0 : 1) + (SecondaryRegistrar is null ? 0 : 1);

    /// <summary>Every username/password entry: sip-ua credentials, sip-ua authentications, dial-peer authentications.</summary>
    public int CredentialCount => Credentials.Count + Authentications.Length + DialPeers.Values.Sum(d => d.Authentications.Length);

    /// <summary>
    /// The endpoints: distinct numbers of credentials and of dial-peers with an explicit destination-pattern,
    /// and each POTS dial-peer without a number yet.
    /// </summary>
    public int EndpointCount =>
        Credentials.Select(c => c.Number)
            .Concat(DialPeers.Values.Where(d => d.Endpoint is not null).Select(d => d.Endpoint!.Value))
            .Distinct().Count()
        + DialPeers.Values.Count(d => d.Endpoint is null);

    /// <summary>Applies one command as IOS would; on a violated restriction returns this configuration unchanged and the error.</summary>
    public ApplyResult Apply(TrunkCommand command) => TrunkRules.Apply(this, command);

    public bool Equals(TrunkConfig? other) =>
        other is not null
        && Registrars.SequenceEqual(other.Registrars)
        && Equals(PrimaryRegistrar, other.PrimaryRegistrar)
        && Equals(SecondaryRegistrar, other.SecondaryRegistrar)
        && Credentials.SequenceEqual(other.Credentials)
        && Authentications.SequenceEqual(other.Authentications)
        && Equals(LocalHost, other.LocalHost)
        && DialPeers.SequenceEqual(other.DialPeers);

    public override int GetHashCode() =>
        HashCode.Combine(Registrars.Count, PrimaryRegistrar, SecondaryRegistrar, Credentials.Count, Authentications.Length, LocalHost, DialPeers.Count);
}
