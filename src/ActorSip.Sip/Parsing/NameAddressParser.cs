using System.Buffers;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>
/// name-addr / addr-spec with header parameters: From, To (one value), Contact, Route, Record-Route (lists).
/// With <c>build</c> false (or no list to fill) the same checks run without allocating: the message parser validates
/// that way and the message builds its typed views on first access.
/// </summary>
public static class NameAddressParser
{
    // In addr-spec form the URI ends where header parameters or the next list element begin.
    private static readonly SearchValues<char> AddrSpecStops = SearchValues.Create(";, \t");

    /// <summary>Exactly one address (From, To).</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out NameAddress address, out string error) =>
        TryParse(value, true, out address, out error);

    /// <param name="build">False: validate only; <paramref name="address"/> is then null.</param>
    internal static bool TryParse(ReadOnlySpan<char> value, bool build, out NameAddress address, out string error)
    {
        var s = new SipScanner(value);
        if (!TryParseOne(ref s, build, out address, out error)) return false;
        s.SkipWhitespace();
        if (!s.AtEnd)
        {
            error = $"unexpected '{s.Peek}' after address";
            return false;
        }
        return true;
    }

    /// <summary>A comma-separated list of addresses (Contact, Route, Record-Route); appends to <paramref name="into"/>.</summary>
    public static bool TryParseList(ReadOnlySpan<char> value, List<NameAddress> into, out string error) =>
        TryParseOrValidateList(value, into, out error);

    /// <param name="into">Null: validate only.</param>
    internal static bool TryParseOrValidateList(ReadOnlySpan<char> value, List<NameAddress>? into, out string error)
    {
        var s = new SipScanner(value);
        while (true)
        {
            if (!TryParseOne(ref s, into is not null, out var address, out error)) return false;
            into?.Add(address);
            s.SkipWhitespace();
            if (s.AtEnd) return true;
            if (!s.TryChar(','))
            {
                error = $"unexpected '{s.Peek}' after address";
                return false;
            }
        }
    }

    internal static bool TryParseOne(ref SipScanner s, bool build, out NameAddress address, out string error)
    {
        address = null!;
        s.SkipWhitespace();
        string? display = null;
        SipUri uri;
        if (s.Peek == '"')
        {
            if (build)
            {
                if (!s.TryQuotedString(out var quoted, out error)) return false;
                display = quoted;
            }
            else if (!s.TryQuotedText(out _, out error)) return false;
            s.SkipWhitespace();
            if (s.Peek != '<')
            {
                error = "expected '<' after display name";
                return false;
            }
            if (!TryBracketed(ref s, build, out uri, out error)) return false;
        }
        else if (s.Peek == '<')
        {
            if (!TryBracketed(ref s, build, out uri, out error)) return false;
        }
        else
        {
            // Either display-name tokens before '<', or an addr-spec (its scheme reads as a token too).
            var start = s.Position;
            var words = 0;
            var end = start;
            var singleSpaced = true;
            while (words < 64)
            {
                var token = s.Take(SipGrammar.Token);
                if (token.IsEmpty) break;
                words++;
                end = s.Position;
                s.SkipWhitespace();
                if (s.Position - end > 1 || s.Position > end && s.Slice(end, s.Position)[0] != ' ') singleSpaced = false;
            }
            if (words > 0 && s.Peek == '<')
            {
                // LWS between tokens is equivalent to one SP; normalise only when it is not already that.
                var text = s.Slice(start, end);
                if (build)
                    display = singleSpaced ? text.ToString() : string.Join(' ', text.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
                if (!TryBracketed(ref s, build, out uri, out error)) return false;
            }
            else
            {
                s.Position = start;
                var spec = s.TakeUntil(AddrSpecStops);
                if (spec.IsEmpty)
                {
                    error = "missing address";
                    return false;
                }
                // RFC 3261 §20: a URI with a comma, question mark or semicolon must be in angle brackets.
                if (spec.Contains('?'))
                {
                    error = "a URI with headers ('?') must be enclosed in '<' '>'";
                    return false;
                }
                if (!SipUriParser.TryParse(spec, build, out uri, out error)) return false;
            }
        }

        if (!TryParameters(ref s, build, out var parameters, out error)) return false;
        if (build) address = new NameAddress(display, uri, parameters);
        return true;
    }

    private static bool TryBracketed(ref SipScanner s, bool build, out SipUri uri, out string error)
    {
        uri = null!;
        s.TryChar('<');
        var start = s.Position;
        var rest = s.Rest;
        var close = rest.IndexOf('>');
        if (close < 0)
        {
            error = "missing '>'";
            return false;
        }
        var inner = rest[..close];
        if (inner.IsEmpty || inner[0] is ' ' or '\t' || inner[^1] is ' ' or '\t')
        {
            error = "white space inside '<' '>'";
            return false;
        }
        if (!SipUriParser.TryParse(inner, build, out uri, out error)) return false;
        s.Position = start + close + 1;
        return true;
    }

    /// <summary><c>*( SEMI generic-param )</c> where the value is a token, host or quoted-string.</summary>
    /// <param name="build">False: validate only; <paramref name="parameters"/> is then empty.</param>
    internal static bool TryParameters(ref SipScanner s, bool build, out SipParameters parameters, out string error)
    {
        parameters = SipParameters.Empty;
        var list = build ? SipParameters.Builder() : default;
        while (s.TrySeparator(';'))
        {
            var name = s.Take(SipGrammar.Token);
            if (name.IsEmpty)
            {
                error = "empty parameter";
                return false;
            }
            string? value = null;
            if (s.TrySeparator('='))
            {
                if (!TryGenericValue(ref s, build, out value, out error)) return false;
            }
            if (build) list.Add(new SipParameter(SipStrings.Get(name), value));
        }
        if (build) parameters = list.Build();
        error = "";
        return true;
    }

    /// <summary>gen-value = token / host / quoted-string; quoted values keep their quotes.</summary>
    /// <param name="build">False: validate only; <paramref name="value"/> is then empty.</param>
    internal static bool TryGenericValue(ref SipScanner s, bool build, out string value, out string error)
    {
        value = "";
        if (s.Peek == '"')
        {
            var start = s.Position;
            if (!s.TryQuotedText(out _, out error)) return false;
            if (build) value = s.Slice(start, s.Position).ToString();
            return true;
        }
        var v = s.Take(SipGrammar.GenValueChars);
        if (v.IsEmpty)
        {
            error = "empty parameter value";
            return false;
        }
        if (build) value = SipStrings.Get(v);
        error = "";
        return true;
    }
}
