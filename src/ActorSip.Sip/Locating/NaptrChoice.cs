namespace ActorSip.Sip.Locating;

/// <summary>A NAPTR record kept for SIP: the SRV name to query and the transport it stands for.</summary>
internal sealed record NaptrChoice(SipTransportKind Transport, string SrvName);
