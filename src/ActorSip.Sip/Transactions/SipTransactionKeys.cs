using System.Globalization;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// Transaction matching keys. Client side (§17.1.3): top Via branch and CSeq method. Server side (§17.2.3): branch,
/// sent-by and method, with ACK mapped to INVITE. RFC 2543 matching (requests without the magic cookie) is not
/// implemented; such requests get a key from Call-ID, CSeq, From tag and sent-by, which catches plain
/// retransmissions but none of §17.2.3's finer rules.
/// </summary>
internal static class SipTransactionKeys
{
    public static string? Client(SipMessage message)
    {
        if (message.TopVia?.Branch is not { Length: > 0 } branch || message.CSeq is not { } cseq) return null;
        return string.Concat(branch, "|", cseq.Method);
    }

    public static string? Server(SipRequest request)
    {
        if (request.TopVia is not { } via || request.CSeq is not { } cseq) return null;
        var method = request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        var sentBy = string.Concat(via.Host.ToLowerInvariant(), ":",
            (via.Port ?? DefaultPort(via.Transport)).ToString(CultureInfo.InvariantCulture));
        if (via.HasRfc3261Branch) return string.Concat(via.Branch, "|", sentBy, "|", method);
        return string.Concat("2543|", request.CallId, "|", cseq.Number.ToString(CultureInfo.InvariantCulture), "|",
            request.From?.Tag, "|", sentBy, "|", method);
    }

    private static int DefaultPort(string transport) => transport is "TLS" ? 5061 : 5060;
}
