using ActorSip.Sip;

namespace ActorSip.Trunks;

/// <summary>One registrar of multiple-registrar mode: `registrar INDEX TARGET [expires N] [tcp|tls]`.</summary>
public sealed record Registrar(RegistrarIndex Index, RegistrarTarget Target, int? Expires, SipTransportKind Transport);
