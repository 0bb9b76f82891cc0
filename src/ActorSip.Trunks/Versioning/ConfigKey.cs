namespace ActorSip.Trunks;

/// <summary>
/// One item of a trunk configuration that a change can set or remove on its own (a registrar, one credential, one
/// authentication, a localhost, a dial-peer's pattern), named as the operator would say it. Items inside a dial-peer
/// carry the dial-peer as their <see cref="Scope"/>, so removing a dial-peer conflicts with a change inside it.
/// </summary>
public readonly record struct ConfigKey(string Name, string? Scope = null)
{
    public static ConfigKey Registrar(RegistrarIndex index) => new($"registrar {index}");

    public static ConfigKey LegacyRegistrar(bool secondary) => new(secondary ? "registrar ... secondary" : "registrar (primary)");

    public static ConfigKey Credential(EndpointNumber? number, Realm realm) => new($"credentials number {number} realm {realm}");

    public static ConfigKey Authentication(DialPeerTag? peer, string username, Realm? realm) =>
        new($"{In(peer)}authentication username {username}{(realm is { } r ? $" realm {r}" : "")}", ScopeOf(peer));

    public static ConfigKey LocalHost(DialPeerTag? peer) => new($"{In(peer)}localhost", ScopeOf(peer));

    public static ConfigKey DialPeer(DialPeerTag tag) => new(DialPeerName(tag));

    public static ConfigKey DestinationPattern(DialPeerTag tag) => new($"{In(tag)}destination-pattern", DialPeerName(tag));

    /// <summary>True when changing one of the two keys can change what the other one means.</summary>
    public bool Overlaps(ConfigKey other) => Name == other.Name || Name == other.Scope || Scope == other.Name;

    public override string ToString() => Name;

    private static string DialPeerName(DialPeerTag tag) => $"dial-peer voice {tag}";

    private static string? ScopeOf(DialPeerTag? peer) => peer is { } tag ? DialPeerName(tag) : null;

    private static string In(DialPeerTag? peer) => peer is { } tag ? $"dial-peer voice {tag}: " : "";
}
