using System.Security.Authentication;

namespace ActorSip.Sip.Transport;

/// <summary>The server's certificate was refused during the TLS handshake: <see cref="Reason"/> says why
/// (untrusted root, name mismatch, expired ...), so the caller can show it instead of a bare "transport error".</summary>
public sealed class SipTlsCertificateException(string serverName, string reason, Exception? inner = null)
    : AuthenticationException($"certificate not trusted: {reason}", inner)
{
    /// <summary>The name the certificate was checked against (SNI).</summary>
    public string ServerName { get; } = serverName;

    public string Reason { get; } = reason;
}
