using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorSip.Sip.Transport;

/// <summary>TLS settings (RFC 3261 §26.2.1): the certificate we serve, and how we check the servers we connect to.</summary>
public sealed record SipTlsOptions
{
    /// <summary>Presented to peers that connect to our TLS listener. Required to listen.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Replaces the platform's chain and name check for outbound connections (e.g. to trust a test's
    /// self-signed certificate). Null keeps the platform's validation.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>When set, servers' certificates must chain to one of these roots (a CA bundle), and the system store
    /// is not consulted. Null: the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>The name to send in SNI and to check the server's certificate against, for a given remote address,
    /// when the sender names none. Without it the address literal is used.</summary>
    public Func<IPEndPoint, string>? TargetHost { get; init; }

    /// <summary>Client certificates for mutual TLS, if the peer asks for one.</summary>
    public X509CertificateCollection? ClientCertificates { get; init; }
}
