namespace ActorSip.Trunks;

/// <summary>`localhost dns:DOMAIN [preferred]` (sip-ua) or `voice-class sip localhost dns:DOMAIN [preferred]` (dial-peer).</summary>
public sealed record LocalHost(string Domain, bool Preferred);
