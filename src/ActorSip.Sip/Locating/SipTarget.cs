using System.Net;

namespace ActorSip.Sip.Locating;

/// <summary>One place to send a request, in the order RFC 3263 says to try it.</summary>
/// <param name="EndPoint">Address and port to send to.</param>
/// <param name="Transport">Transport to use for this address.</param>
/// <param name="HostName">The name this address came from (SRV target or configured host); TLS checks the certificate against it.</param>
/// <param name="Priority">SRV priority, 0 when no SRV record was involved.</param>
/// <param name="Weight">SRV weight, 0 when no SRV record was involved.</param>
public sealed record SipTarget(IPEndPoint EndPoint, SipTransportKind Transport, string HostName, int Priority, int Weight);
