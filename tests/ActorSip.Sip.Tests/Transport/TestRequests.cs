using System.Net;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

internal static class TestRequests
{
    /// <summary>A REGISTER as a UA would send it, with our Via (and rport) for the given transport and address.</summary>
    public static SipRequest Register(SipTransportKind kind, IPEndPoint via, string branch, uint cseq = 1, string callId = "reg-1@test")
    {
        var host = SipAddressText.Host(via.Address);
        var text =
            $"REGISTER sip:{host} SIP/2.0\r\n" +
            $"Via: SIP/2.0/{kind.ToString().ToUpperInvariant()} {host}:{via.Port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:alice@{host}>;tag=f1\r\n" +
            $"To: <sip:alice@{host}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: {cseq} REGISTER\r\n" +
            $"Contact: <sip:alice@{host}:{via.Port}>\r\n" +
            "Expires: 3600\r\n" +
            "Content-Length: 0\r\n\r\n";
        return (SipRequest)SipMessage.Parse(text);
    }

    public static byte[] RegisterBytes(SipTransportKind kind, IPEndPoint via, string branch, uint cseq = 1) =>
        Register(kind, via, branch, cseq).ToBytes();
}
