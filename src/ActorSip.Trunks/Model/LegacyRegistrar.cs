using ActorSip.Sip;

namespace ActorSip.Trunks;

/// <summary>
/// The primary or secondary registrar of the older form: `registrar TARGET [expires N] [secondary]`
/// (IOS's `registrar dhcp` is refused: ActorSip has no DHCP client).
/// </summary>
public sealed record LegacyRegistrar(RegistrarTarget Target, int? Expires, SipTransportKind Transport)
{
    public RegistrarOptions Options { get; init; } = RegistrarOptions.None;
}
