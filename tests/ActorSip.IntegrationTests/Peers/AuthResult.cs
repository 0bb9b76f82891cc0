namespace ActorSip.IntegrationTests.Peers;

/// <summary>What the registrar made of one Authorization header (kamailio auth module return codes).</summary>
public enum AuthResult
{
    /// <summary>Valid credentials for this realm (1).</summary>
    Ok,
    /// <summary>Known user, wrong response / password (-2, -3).</summary>
    WrongPassword,
    /// <summary>The nonce expired; the registrar answered with stale=true (-4).</summary>
    StaleNonce,
    /// <summary>The header is for this realm but the username has no account here.</summary>
    UnknownUser,
    /// <summary>The header names another realm: not checked here, and a sign the client sent another provider's credentials.</summary>
    ForeignRealm,
    /// <summary>The nonce was used before (-6).</summary>
    NonceReused,
    /// <summary>Any other auth module code (see <see cref="AuthAttempt.Code"/>).</summary>
    Other,
}
