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
