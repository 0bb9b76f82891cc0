using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Auth;

/// <summary>
/// RFC 3261 §25.1 / RFC 7616 auth headers: <c>scheme param=value, param="quoted"</c>. A value may hold several
/// challenges (<c>Digest a=1, Digest b=2</c>): a token not followed by '=' starts the next one. Bounded and total:
/// bad input gives an error with its offset, never an exception.
/// </summary>
public static class AuthHeaderParser
{
    public const int MaxLength = 8192;
    public const int MaxParameters = 64;

    public static bool TryParse(string value, out AuthHeader header, out string error)
    {
        header = null!;
        var list = new List<AuthHeader>(1);
        if (!TryParseAll(value, list, out error)) return false;
        if (list.Count != 1)
        {
            error = "expected exactly one challenge or credentials";
            return false;
        }
        header = list[0];
        return true;
    }

    /// <summary>Every challenge in one header value.</summary>
    public static bool TryParseAll(string value, List<AuthHeader> into, out string error)
    {
        if (value.Length > MaxLength)
        {
            error = $"auth header longer than {MaxLength} characters";
            return false;
        }
        var s = new SipScanner(value);
        s.SkipWhitespace();
        if (s.AtEnd)
        {
            error = "empty auth header";
            return false;
        }
        while (!s.AtEnd)
        {
            var scheme = s.Take(SipGrammar.Token);
            if (scheme.IsEmpty)
            {
                error = $"expected an auth scheme at offset {s.Position}";
                return false;
            }
            var parameters = new List<AuthParameter>();
            var nextScheme = false;
            s.SkipWhitespace();
            while (!s.AtEnd)
            {
                var save = s.Position;
                var name = s.Take(SipGrammar.Token);
                if (name.IsEmpty)
                {
                    error = $"expected a parameter name at offset {s.Position}";
                    return false;
                }
                if (!s.TrySeparator('='))
                {
                    // A token without '=' after a comma is the next challenge's scheme.
                    if (parameters.Count == 0)
                    {
                        error = $"parameter '{name}' has no '='";
                        return false;
                    }
                    s.Position = save;
                    nextScheme = true;
                    break;
                }
                string v;
                var quoted = s.Peek == '"';
                if (quoted)
                {
                    if (!s.TryQuotedString(out v, out var why))
                    {
                        error = $"parameter '{name}': {why}";
                        return false;
                    }
                }
                else
                {
                    var token = s.Take(SipGrammar.GenValueChars);
                    if (token.IsEmpty)
                    {
                        error = $"parameter '{name}' has no value";
                        return false;
                    }
                    v = token.ToString();
                }
                if (parameters.Count == MaxParameters)
                {
                    error = $"more than {MaxParameters} parameters";
                    return false;
                }
                parameters.Add(new AuthParameter(name.ToString(), v, quoted));
                s.SkipWhitespace();
                if (s.AtEnd) break;
                if (!s.TrySeparator(','))
                {
                    error = $"unexpected '{s.Peek}' at offset {s.Position}";
                    return false;
                }
            }
            into.Add(new AuthHeader(scheme.ToString(), parameters));
            if (!nextScheme && !s.AtEnd)
            {
                error = $"unexpected '{s.Peek}' at offset {s.Position}";
                return false;
            }
        }
        error = "";
        return true;
    }
}
