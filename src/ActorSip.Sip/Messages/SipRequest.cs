using System.Text;

namespace ActorSip.Sip.Messages;

public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri) : this(method, requestUri, new SipHeaders()) { }

    internal SipRequest(string method, SipUri requestUri, SipHeaders headers) : base(headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>A request with the headers every request carries (RFC 3261 §8.1.1): Max-Forwards 70, To, From,
    /// Call-ID and CSeq. The transaction layer adds the Via.</summary>
    public static SipRequest Create(string method, SipUri requestUri, NameAddress from, NameAddress to, string callId, uint cseq)
    {
        var request = new SipRequest(method, requestUri);
        request.Headers
            .Add(HeaderNames.MaxForwards, "70")
            .Add(HeaderNames.To, to.ToString())
            .Add(HeaderNames.From, from.ToString())
            .Add(HeaderNames.CallId, callId)
            .Add(HeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        return request;
    }

    public string Method { get; }

    public SipUri RequestUri { get; set; }

    public override bool IsRequest => true;

    public override void AppendStartLine(StringBuilder sb)
    {
        sb.Append(Method).Append(' ');
        RequestUri.AppendTo(sb);
        sb.Append(' ').Append(SipVersion);
    }
}
