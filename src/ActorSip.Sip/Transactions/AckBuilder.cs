using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>RFC 3261 §17.1.1.3: the ACK an INVITE client transaction sends for a 300–699 response.</summary>
public static class AckBuilder
{
    public static SipRequest ForNonSuccess(SipRequest invite, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri);
        // Only the top Via: the ACK belongs to the same transaction, so it carries the INVITE's branch.
        if (invite.TopVia is { } via) ack.Headers.Add(HeaderNames.Via, via.ToString());
        foreach (var route in invite.Headers.GetAll(HeaderId.Route)) ack.Headers.Add(HeaderNames.Route, route);
        ack.Headers.Add(HeaderNames.MaxForwards, "70");
        if (invite.Headers.Get(HeaderId.From) is { } from) ack.Headers.Add(HeaderNames.From, from);
        // To from the response: it carries the tag the UAS chose.
        if (response.Headers.Get(HeaderId.To) is { } to) ack.Headers.Add(HeaderNames.To, to);
        if (invite.CallId is { } callId) ack.Headers.Add(HeaderNames.CallId, callId);
        if (invite.CSeq is { } cseq) ack.Headers.Add(HeaderNames.CSeq, new CSeqHeader(cseq.Number, SipMethods.Ack).ToString());
        return ack;
    }
}
