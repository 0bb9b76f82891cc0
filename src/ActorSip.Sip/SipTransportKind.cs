namespace ActorSip.Sip;

/// <summary>The transports ActorSip speaks (RFC 3261 §18). SCTP and WS are parsed in Via but never used to send.</summary>
public enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,
}
