using System.Text;

namespace ActorSip.Sip.Messages;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase) : this(statusCode, reasonPhrase, new SipHeaders()) { }

    internal SipResponse(int statusCode, string reasonPhrase, SipHeaders headers) : base(headers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public override void AppendStartLine(StringBuilder sb) =>
        sb.Append(SipVersion).Append(' ').Append(StatusCode).Append(' ').Append(ReasonPhrase);

    /// <summary>A response to <paramref name="request"/> with the headers RFC 3261 §8.2.6.2 copies.</summary>
    public static SipResponse For(SipRequest request, int statusCode, string reasonPhrase, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var via in request.Headers.GetAll(HeaderId.Via)) response.Headers.Add(HeaderNames.Via, via);
        if (request.Headers.Get(HeaderId.From) is { } from) response.Headers.Add(HeaderNames.From, from);
        if (request.Headers.Get(HeaderId.To) is { } to)
        {
            if (toTag is not null && request.To is { Tag: null } addr) to = addr.WithTag(toTag).ToString();
            response.Headers.Add(HeaderNames.To, to);
        }
        if (request.CallId is { } callId) response.Headers.Add(HeaderNames.CallId, callId);
        if (request.Headers.Get(HeaderId.CSeq) is { } cseq) response.Headers.Add(HeaderNames.CSeq, cseq);
        return response;
    }
}
