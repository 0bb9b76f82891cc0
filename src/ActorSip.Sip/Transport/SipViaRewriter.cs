using System.Net;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Transport;

/// <summary>Edits the top Via in place: stamping received/rport on arrival, setting our Via and branch on departure.</summary>
public static class SipViaRewriter
{
    /// <summary>
    /// RFC 3261 §18.2.1 and RFC 3581 §4: when the sent-by host is not the packet's source address, add
    /// <c>received</c>; when the top Via has <c>rport</c>, fill it with the source port (and always add
    /// <c>received</c>). Returns true when the Via changed.
    /// </summary>
    public static bool StampReceived(SipRequest request, IPEndPoint source)
    {
        if (request.TopVia is not { } top) return false;
        var parameters = top.Parameters;
        var sourceAddress = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var sameHost = SipAddressText.TryParseIp(top.Host, out var sentBy) && sentBy.Equals(sourceAddress);
        if (!sameHost || top.HasRport) parameters = parameters.With("received", SipAddressText.Bare(sourceAddress));
        if (top.HasRport) parameters = parameters.With("rport", SipAddressText.Port(source.Port));
        if (ReferenceEquals(parameters, top.Parameters)) return false;
        ReplaceTop(request, top with { Parameters = parameters });
        return true;
    }

    /// <summary>Replaces the first Via value, keeping any further values of the same field and the field's position;
    /// adds a Via field when the message has none.</summary>
    public static void ReplaceTop(SipMessage message, ViaHeader top)
    {
        var headers = message.Headers;
        var index = headers.IndexOf(HeaderId.Via);
        if (index < 0)
        {
            headers.Add(HeaderNames.Via, top.ToString());
            return;
        }
        var values = new List<ViaHeader>(2);
        if (!ViaParser.TryParseList(headers.ValueAt(index), values, out _) || values.Count == 0)
        {
            headers.ReplaceValueAt(index, top.ToString());
            return;
        }
        values[0] = top;
        headers.ReplaceValueAt(index, string.Join(", ", values));
    }
}
