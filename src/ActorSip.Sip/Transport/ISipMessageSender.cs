using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transport;

/// <summary>What the transaction layer needs from the transports: send by kind, and our address for a Via.
/// <see cref="SipTransportLayer"/> implements it; tests of the state machines use a fake.</summary>
public interface ISipMessageSender
{
    ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, CancellationToken ct = default);

    /// <summary>As <see cref="SendAsync(SipMessage, IPEndPoint, SipTransportKind, CancellationToken)"/>, over a TLS
    /// connection whose certificate is checked for <paramref name="serverName"/> (the registrar's domain, RFC 5922).</summary>
    ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, string? serverName, CancellationToken ct = default) =>
        SendAsync(message, remote, kind, ct);

    /// <summary>The address a peer should use to reach us over that transport and family (the Via sent-by),
    /// or null when no such transport is bound.</summary>
    IPEndPoint? LocalEndPointFor(SipTransportKind kind, AddressFamily family);

    /// <summary>TCP and TLS are reliable: no retransmissions, zero-length wait timers.</summary>
    bool IsReliable(SipTransportKind kind) => kind != SipTransportKind.Udp;
}
