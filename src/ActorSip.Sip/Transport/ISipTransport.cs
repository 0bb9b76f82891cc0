using System.Net;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transport;

/// <summary>
/// One bound transport (RFC 3261 §18): a UDP socket, or a TCP/TLS listener with its connections.
/// Incoming messages go to the handler given when the transport was created.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    SipTransportKind Kind { get; }

    IPEndPoint LocalEndPoint { get; }

    /// <summary>True for TCP and TLS: no retransmissions, zero-length Timers K, D, I, J (RFC 3261 §17).</summary>
    bool IsReliable { get; }

    SipTransportCounters Counters { get; }

    /// <summary>Sends one message. On a stream transport an existing connection to <paramref name="remote"/>
    /// (inbound or outbound) is reused, otherwise one is opened. Throws on a transport error.</summary>
    ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken ct = default);
}
