using ActorSip.Sip;

namespace ActorSip.Trunks;

/// <summary>One registrar of multiple-registrar mode: `registrar INDEX TARGET [auth-realm R] [expires N] [random-contact]
/// [refresh-ratio P] [scheme {sip|sips}] [tcp|tls]`.</summary>
public sealed record Registrar(RegistrarIndex Index, RegistrarTarget Target, int? Expires, SipTransportKind Transport)
{
    public RegistrarOptions Options { get; init; } = RegistrarOptions.None;
}
