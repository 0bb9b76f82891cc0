using System.Net;

namespace ActorSip.Sip.Transport;

/// <summary>An outbound TCP or TLS connection we opened ended without us closing it (peer closed, reset, I/O error):
/// whatever was registered over it no longer has its flow (RFC 5626 §4.4) and should register again.</summary>
/// <param name="ServerName">The TLS server name the connection was opened for, null for TCP.</param>
public sealed record SipConnectionLost(SipTransportKind Transport, IPEndPoint Remote, string? ServerName, string Reason);
