using ActorSip.Sip;

namespace ActorSip.Trunks;

/// <summary>
/// The primary or secondary registrar of the older form: `registrar TARGET [expires N] [secondary]` or
/// `registrar dhcp`. A null <see cref="Target"/> means the address comes from DHCP.
/// </summary>
public sealed record LegacyRegistrar(RegistrarTarget? Target, int? Expires, SipTransportKind Transport)
{
    public RegistrarOptions Options { get; init; } = RegistrarOptions.None;

    public bool IsDhcp => Target is null;
}
