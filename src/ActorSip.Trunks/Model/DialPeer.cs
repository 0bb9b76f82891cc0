using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>A POTS dial-peer as far as registration cares: its number, its authentications, its localhost.</summary>
public sealed record DialPeer(DialPeerTag Tag, string? DestinationPattern, ImmutableArray<Authentication> Authentications, LocalHost? LocalHost)
{
    public static DialPeer Empty(DialPeerTag tag) => new(tag, null, [], null);

    /// <summary>The number this dial-peer registers: its destination-pattern when that is one explicit number.</summary>
    public EndpointNumber? Endpoint =>
        DestinationPattern is not null && EndpointNumber.TryParse(DestinationPattern, out var number) ? number : null;

    public bool Equals(DialPeer? other) =>
        other is not null
        && Tag == other.Tag
        && DestinationPattern == other.DestinationPattern
        && Authentications.SequenceEqual(other.Authentications)
        && Equals(LocalHost, other.LocalHost);

    public override int GetHashCode() => HashCode.Combine(Tag, DestinationPattern, Authentications.Length, LocalHost);
}
