using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>Via (RFC 3261 §20.42, §25.1): <c>SIP / 2.0 / UDP host[:port] *(; param)</c>, comma-separated.</summary>
public static class ViaParser
{
    public static bool TryParseList(ReadOnlySpan<char> value, List<ViaHeader> into, out string error) =>
        TryParseOrValidateList(value, into, out error);

    /// <param name="into">Null: the same checks without allocating (the message parser validates Vias this way).</param>
    internal static bool TryParseOrValidateList(ReadOnlySpan<char> value, List<ViaHeader>? into, out string error)
    {
        var s = new SipScanner(value);
        while (true)
        {
            if (!TryParseOne(ref s, into is not null, out var via, out error)) return false;
            into?.Add(via);
            s.SkipWhitespace();
            if (s.AtEnd) return true;
            if (!s.TryChar(','))
            {
                error = $"unexpected '{s.Peek}' in Via";
                return false;
            }
        }
    }

    private static bool TryParseOne(ref SipScanner s, bool build, out ViaHeader via, out string error)
    {
        via = null!;
        s.SkipWhitespace();
        var name = s.Take(SipGrammar.Token);
        if (name.IsEmpty || !s.TrySeparator('/'))
        {
            error = "invalid sent-protocol in Via";
            return false;
        }
        var version = s.Take(SipGrammar.Token);
        if (version.IsEmpty || !s.TrySeparator('/'))
        {
            error = "invalid sent-protocol in Via";
            return false;
        }
        var transport = s.Take(SipGrammar.Token);
        if (transport.IsEmpty)
        {
            error = "missing transport in Via";
            return false;
        }
        var before = s.Position;
        s.SkipWhitespace();
        if (s.Position == before)
        {
            error = "missing white space before Via sent-by";
            return false;
        }
        if (!SipUriParser.TryHost(ref s, build, out var host, out error))
        {
            error = "invalid Via sent-by: " + error;
            return false;
        }
        int? port = null;
        if (s.TrySeparator(':'))
        {
            if (!SipUriParser.TryPort(s.Take(SipGrammar.Token), out var p))
            {
                error = "invalid port in Via";
                return false;
            }
            port = p;
        }
        if (!NameAddressParser.TryParameters(ref s, build, out var parameters, out error))
        {
            error = "invalid Via parameter: " + error;
            return false;
        }
        if (!build) return true;
        via = new ViaHeader
        {
            ProtocolName = SipStrings.Get(name), ProtocolVersion = SipStrings.Get(version),
            Transport = SipStrings.GetUpper(transport), Host = host, Port = port, Parameters = parameters,
        };
        return true;
    }
}
