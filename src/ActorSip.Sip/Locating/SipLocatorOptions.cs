namespace ActorSip.Sip.Locating;

/// <summary>Settings of <see cref="DnsSipServerLocator"/>.</summary>
public sealed record SipLocatorOptions
{
    /// <summary>How long to wait for one DNS answer.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Extra attempts per query after a timeout.</summary>
    public int Retries { get; init; } = 1;

    public AddressFamilyPreference AddressPreference { get; init; } = AddressFamilyPreference.IPv4First;

    /// <summary>
    /// Transports to probe by SRV, in order, when there is no NAPTR and no configured transport (RFC 3263 §4.1:
    /// the client's own preference). A sips target only ever probes TLS.
    /// </summary>
    public IReadOnlyList<SipTransportKind> SrvTransportOrder { get; init; } =
        [SipTransportKind.Tls, SipTransportKind.Tcp, SipTransportKind.Udp];

    /// <summary>Upper bound on how long a result is cached, whatever the TTLs say.</summary>
    public TimeSpan MaximumCacheTime { get; init; } = TimeSpan.FromHours(1);
}
