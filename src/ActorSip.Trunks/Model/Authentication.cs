namespace ActorSip.Trunks;

/// <summary>`authentication username U password [0|7] P [realm R]`, at sip-ua level or inside a POTS dial-peer.</summary>
public sealed record Authentication(string Username, Secret Password, Realm? Realm);
