using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>
/// RFC 3261 §25.1 SIP-URI / SIPS-URI, RFC 3966 tel, and opaque absolute URIs. With <c>build</c> false the same
/// checks run but nothing is allocated and no <see cref="SipUri"/> is made: the message parser validates that way
/// and the message builds its typed views on first access.
/// </summary>
public static class SipUriParser
{
    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri, out string error) => TryParse(text, true, out uri, out error);

    /// <param name="build">False: validate only; <paramref name="uri"/> is then null.</param>
    internal static bool TryParse(ReadOnlySpan<char> text, bool build, out SipUri uri, out string error)
    {
        uri = null!;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(text[0]) || text[..colon].ContainsAnyExcept(SipGrammar.SchemeChars))
        {
            error = $"missing or invalid URI scheme in '{Clip(text)}'";
            return false;
        }
        var scheme = text[..colon];
        var rest = text[(colon + 1)..];
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase))
            return TryParseSip(scheme, SipUriKind.Sip, rest, build, out uri, out error);
        if (scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
            return TryParseSip(scheme, SipUriKind.Sips, rest, build, out uri, out error);
        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
            return TryParseTel(scheme, rest, build, out uri, out error);

        if (rest.IsEmpty || rest.ContainsAny(SipGrammar.OpaqueExcluded))
        {
            error = $"invalid {scheme} URI";
            return false;
        }
        if (build) uri = new SipUri { Scheme = scheme.ToString(), Kind = SipUriKind.Other, Opaque = rest.ToString() };
        error = "";
        return true;
    }

    private static bool TryParseSip(ReadOnlySpan<char> scheme, SipUriKind kind, ReadOnlySpan<char> rest, bool build, out SipUri uri, out string error)
    {
        uri = null!;
        string? user = null, password = null;
        // '@' cannot appear unescaped after the userinfo (not in host, params or headers), so the first one ends it.
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            var pw = userinfo.IndexOf(':');
            var u = pw < 0 ? userinfo : userinfo[..pw];
            if (u.IsEmpty || u.ContainsAnyExcept(SipGrammar.UserChars) || !SipGrammar.EscapesAreValid(u))
            {
                error = "invalid user part in SIP URI";
                return false;
            }
            if (build) user = u.ToString();
            if (pw >= 0)
            {
                var p = userinfo[(pw + 1)..];
                if (p.ContainsAnyExcept(SipGrammar.PasswordChars) || !SipGrammar.EscapesAreValid(p))
                {
                    error = "invalid password in SIP URI";
                    return false;
                }
                if (build) password = p.ToString();
            }
            rest = rest[(at + 1)..];
        }

        var s = new SipScanner(rest);
        if (!TryHost(ref s, build, out var host, out error)) return false;
        int? port = null;
        if (s.TryChar(':'))
        {
            if (!TryPort(s.Take(SipGrammar.Digits), out var p))
            {
                error = "invalid port in SIP URI";
                return false;
            }
            port = p;
        }

        var parameters = build ? SipParameters.Builder() : default;
        while (s.TryChar(';'))
        {
            var name = s.Take(SipGrammar.ParamChars);
            if (name.IsEmpty || !SipGrammar.EscapesAreValid(name))
            {
                error = "empty or invalid URI parameter";
                return false;
            }
            string? value = null;
            if (s.TryChar('='))
            {
                var v = s.Take(SipGrammar.ParamChars);
                if (v.IsEmpty || !SipGrammar.EscapesAreValid(v))
                {
                    error = $"invalid value for URI parameter '{name}'";
                    return false;
                }
                if (build) value = SipStrings.Get(v);
            }
            if (build) parameters.Add(new SipParameter(SipStrings.Get(name), value));
        }

        SipParameters headers = SipParameters.Empty;
        if (s.TryChar('?'))
        {
            var list = build ? new List<SipParameter>(1) : null;
            do
            {
                var name = s.Take(SipGrammar.HeaderChars);
                if (name.IsEmpty || !s.TryChar('='))
                {
                    error = "invalid URI header";
                    return false;
                }
                var value = s.Take(SipGrammar.HeaderChars);
                if (!SipGrammar.EscapesAreValid(name) || !SipGrammar.EscapesAreValid(value))
                {
                    error = "invalid escape in URI header";
                    return false;
                }
                list?.Add(new SipParameter(name.ToString(), value.ToString()));
            } while (s.TryChar('&'));
            if (list is not null) headers = SipParameters.From(list);
        }

        if (!s.AtEnd)
        {
            error = $"unexpected '{s.Peek}' in SIP URI";
            return false;
        }
        error = "";
        if (!build) return true;
        uri = new SipUri
        {
            Scheme = SipStrings.Get(scheme), Kind = kind, User = user, Password = password, Host = host, Port = port,
            Parameters = parameters.Build(), Headers = headers,
        };
        return true;
    }

    /// <summary>hostname / IPv4address / IPv6reference. The IPv6 check is deliberately loose: RFC 5118 §4.10
    /// requires tolerating the three-colon form that a bug in RFC 3261's ABNF allows.</summary>
    /// <param name="build">False: validate only; <paramref name="host"/> is then empty.</param>
    internal static bool TryHost(ref SipScanner s, bool build, out string host, out string error)
    {
        host = "";
        if (s.Peek == '[')
        {
            var start = s.Position;
            s.TryChar('[');
            var inner = s.Take(SipGrammar.Ipv6Chars);
            if (!s.TryChar(']') || inner.IndexOf(':') < 0)
            {
                error = "invalid IPv6 reference";
                return false;
            }
            if (build) host = s.Slice(start, s.Position).ToString();
            error = "";
            return true;
        }
        var name = s.Take(SipGrammar.HostChars);
        if (name.IsEmpty || name[0] is '.' or '-')
        {
            error = "missing or invalid host";
            return false;
        }
        if (build) host = name.ToString();
        error = "";
        return true;
    }

    internal static bool TryPort(ReadOnlySpan<char> digits, out int port)
    {
        port = 0;
        if (digits.IsEmpty || digits.Length > 5 || !int.TryParse(digits, out port) || port > 65535) return false;
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<char> scheme, ReadOnlySpan<char> rest, bool build, out SipUri uri, out string error)
    {
        uri = null!;
        var semi = rest.IndexOf(';');
        var number = semi < 0 ? rest : rest[..semi];
        if (number.IsEmpty || number.ContainsAny(SipGrammar.OpaqueExcluded) || number.Contains('@'))
        {
            error = "invalid telephone number in tel URI";
            return false;
        }
        var parameters = build ? new List<SipParameter>() : null;
        var s = new SipScanner(semi < 0 ? [] : rest[semi..]);
        while (s.TryChar(';'))
        {
            var name = s.Take(SipGrammar.ParamChars);
            if (name.IsEmpty)
            {
                error = "empty tel URI parameter";
                return false;
            }
            var hasValue = s.TryChar('=');
            var value = hasValue ? s.Take(SipGrammar.ParamChars) : default;
            parameters?.Add(new SipParameter(name.ToString(), hasValue ? value.ToString() : null));
        }
        if (!s.AtEnd)
        {
            error = "invalid tel URI parameter";
            return false;
        }
        error = "";
        if (parameters is null) return true;
        uri = new SipUri
        {
            Scheme = SipStrings.Get(scheme), Kind = SipUriKind.Tel, User = number.ToString(), Parameters = SipParameters.From(parameters),
        };
        return true;
    }

    internal static string Clip(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : s[..40].ToString() + "...";
}
