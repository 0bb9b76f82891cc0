namespace ActorSip.Trunks;

/// <summary>The kind of request that was challenged: the seed distinguishes REGISTER from INVITE and every other method.</summary>
public enum ChallengedMethod
{
    Register,
    InviteOrOther,
}

/// <summary>
/// What is known when a 401/407 arrives: the realm it names (null if none), the username the request was sent
/// as (the "username received from the challenge" of step 5), the method, and the endpoint and dial-peer it
/// was for. For REGISTER the dial-peer may be left null: the one whose destination-pattern is the endpoint is used.
/// </summary>
public sealed record Challenge(Realm? Realm, string? OfferedUsername, ChallengedMethod Method, EndpointNumber? Endpoint, DialPeerTag? DialPeer);
