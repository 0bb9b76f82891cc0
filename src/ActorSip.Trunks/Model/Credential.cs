namespace ActorSip.Trunks;

/// <summary>
/// `credentials [number N] username U password [0|7] P realm R` (sip-ua). Number and realm together are the key.
/// (IOS's `credentials dhcp` is refused: ActorSip has no DHCP client.)
/// </summary>
public sealed record Credential(EndpointNumber Number, string Username, Secret Password, Realm Realm);
