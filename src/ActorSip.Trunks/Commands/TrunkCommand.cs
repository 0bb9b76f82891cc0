namespace ActorSip.Trunks;

/// <summary>
/// One configuration change, as IOS applies a line: the IOS parser and the HOCON reader both produce these,
/// and <see cref="TrunkConfig.Apply"/> validates and applies them (the future persisted events).
/// A null <c>DialPeer</c> means sip-ua level.
/// </summary>
public abstract record TrunkCommand;

public sealed record SetRegistrar(Registrar Registrar) : TrunkCommand;

public sealed record RemoveRegistrar(RegistrarIndex Index) : TrunkCommand;

public sealed record SetLegacyRegistrar(LegacyRegistrar Registrar, bool Secondary) : TrunkCommand;

public sealed record RemoveLegacyRegistrar(bool Secondary) : TrunkCommand;

public sealed record SetCredential(Credential Credential) : TrunkCommand;

/// <summary>Removes exactly one credential.</summary>
public sealed record RemoveCredential(EndpointNumber Number, string Username, Realm Realm) : TrunkCommand;

public sealed record SetAuthentication(DialPeerTag? DialPeer, Authentication Authentication) : TrunkCommand;

public sealed record RemoveAuthentication(DialPeerTag? DialPeer, string Username, Realm? Realm) : TrunkCommand;

public sealed record SetLocalHost(DialPeerTag? DialPeer, LocalHost LocalHost) : TrunkCommand;

public sealed record RemoveLocalHost(DialPeerTag? DialPeer) : TrunkCommand;

public sealed record AddDialPeer(DialPeerTag Tag) : TrunkCommand;

public sealed record RemoveDialPeer(DialPeerTag Tag) : TrunkCommand;

public sealed record SetDestinationPattern(DialPeerTag Tag, string Pattern) : TrunkCommand;

public sealed record RemoveDestinationPattern(DialPeerTag Tag) : TrunkCommand;
