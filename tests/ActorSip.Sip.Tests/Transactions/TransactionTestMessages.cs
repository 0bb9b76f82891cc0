using System.Net;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transactions;

internal static class TransactionTestMessages
{
    public static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.7"), 5060);

    /// <summary>A request as the TU hands it over: no Via (the transaction layer adds ours).</summary>
    public static SipRequest Request(string method, uint cseq = 1, string? route = null)
    {
        var request = new SipRequest(method, SipUri.Sip(null, "example.com"));
        if (route is not null) request.Headers.Add(HeaderNames.Route, route);
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, "<sip:alice@example.com>;tag=from1");
        request.Headers.Add(HeaderNames.To, "<sip:bob@example.com>");
        request.Headers.Add(HeaderNames.CallId, "call-" + method + "@test");
        request.Headers.Add(HeaderNames.CSeq, $"{cseq} {method}");
        return request;
    }

    public static ReceivedMessage Response(SipRequest sent, int status, string reason, string? toTag = "to1") =>
        Arrived(SipMessage.Parse(SipResponse.For(sent, status, reason, toTag).ToBytes()), SipTransportKind.Udp);

    public static ReceivedMessage Arrived(SipMessage message, SipTransportKind kind, IPEndPoint? from = null) =>
        new(message, from ?? Peer, kind, RecordingSender.Local);

    /// <summary>A request from a peer, as a transport would hand it up.</summary>
    public static ReceivedMessage IncomingRequest(string method, string branch, SipTransportKind kind = SipTransportKind.Udp)
    {
        var text =
            $"{method} sip:alice@192.0.2.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/{kind.ToString().ToUpperInvariant()} 198.51.100.7:5060;branch={branch}\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:bob@example.com>;tag=b1\r\n" +
            "To: <sip:alice@example.com>\r\n" +
            $"Call-ID: in-{branch}\r\n" +
            $"CSeq: 7 {method}\r\n" +
            "Content-Length: 0\r\n\r\n";
        return Arrived(SipMessage.Parse(text), kind);
    }

    /// <summary>The ACK a UAC sends for a non-2xx final response to <paramref name="invite"/>.</summary>
    public static ReceivedMessage IncomingAck(ReceivedMessage invite, string toTag)
    {
        var text = System.Text.Encoding.ASCII.GetString(invite.Message.ToBytes())
            .Replace("INVITE sip:", "ACK sip:", StringComparison.Ordinal)
            .Replace(" INVITE\r\n", " ACK\r\n", StringComparison.Ordinal)
            .Replace("To: <sip:alice@example.com>", $"To: <sip:alice@example.com>;tag={toTag}", StringComparison.Ordinal);
        return Arrived(SipMessage.Parse(text), invite.Transport);
    }
}
