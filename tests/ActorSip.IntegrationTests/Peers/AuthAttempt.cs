namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// One Authorization header a registrar received on a REGISTER: whose credentials (username, realm) and what the
/// registrar made of them. Headers for other realms are recorded too — that is how a test proves credentials
/// did not leak to another provider.
/// </summary>
/// <param name="Code">kamailio's pv_auth_check code (1 ok, -2 wrong password, -4 stale, ...); 0 when not checked.</param>
public sealed record AuthAttempt(string Username, string Realm, AuthResult Result, int Code, string CallId, int CSeq);
