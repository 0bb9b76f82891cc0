namespace ActorSip.Sip.Locating;

/// <summary>Which address family comes first when one host name has both A and AAAA records. Both are kept.</summary>
public enum AddressFamilyPreference
{
    IPv4First,
    IPv6First,
}
