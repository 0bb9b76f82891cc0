using System.Net;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transport;

/// <summary>Where a response to a received request goes (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
public static class SipResponseTarget
{
    /// <summary>
    /// Reliable transports: back to the source, which is the connection the request came on. UDP: the
    /// <c>received</c> address (or the sent-by address) at the <c>rport</c> port, else the sent-by port (default
    /// 5060). A sent-by that is a host name with no <c>received</c> falls back to the source address: resolving
    /// names (RFC 3263 §5) is not done here. <c>maddr</c> is not honoured.
    /// </summary>
    public static IPEndPoint For(SipRequest request, IPEndPoint source, bool reliable)
    {
        if (reliable || request.TopVia is not { } via) return source;
        var address = SipAddressText.TryParseIp(via.Received, out var received) ? received
            : SipAddressText.TryParseIp(via.Host, out var host) ? host
            : source.Address;
        var port = via.Rport ?? via.Port ?? 5060;
        return new IPEndPoint(address, port);
    }
}
