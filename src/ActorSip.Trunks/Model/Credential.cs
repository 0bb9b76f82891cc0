namespace ActorSip.Trunks;

/// <summary>
/// `credentials {dhcp | number N username U} password [0|7] P realm R` (sip-ua). A null <see cref="Number"/>
/// is the `dhcp` form (number and username come from DHCP). Number and realm together are the key.
/// </summary>
public sealed record Credential(EndpointNumber? Number, string? Username, Secret Password, Realm Realm)
{
    public bool IsDhcp => Number is null;
}
