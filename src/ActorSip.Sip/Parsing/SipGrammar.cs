using System.Buffers;

namespace ActorSip.Sip.Parsing;

/// <summary>Character classes of RFC 3261 §25, as lookup sets (no regex on the hot path).</summary>
public static class SipGrammar
{
    private const string Alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Mark = "-_.!~*'()";

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")</summary>
    public static readonly SearchValues<char> Token = SearchValues.Create(Alnum + "-.!%*_+`'~");

    /// <summary>word = token chars plus ( ) &lt; &gt; : \ " / [ ] ? { } (Call-ID).</summary>
    public static readonly SearchValues<char> Word = SearchValues.Create(Alnum + "-.!%*_+`'~()<>:\\\"/[]?{}");

    /// <summary>user = 1*(unreserved / escaped / user-unreserved); '%' admitted here, escapes checked separately.</summary>
    public static readonly SearchValues<char> UserChars = SearchValues.Create(Alnum + Mark + "&=+$,;?/%");

    /// <summary>password = *(unreserved / escaped / "&amp;" / "=" / "+" / "$" / ",")</summary>
    public static readonly SearchValues<char> PasswordChars = SearchValues.Create(Alnum + Mark + "&=+$,%");

    /// <summary>paramchar = param-unreserved / unreserved / escaped</summary>
    public static readonly SearchValues<char> ParamChars = SearchValues.Create(Alnum + Mark + "[]/:&+$%");

    /// <summary>hname / hvalue characters: hnv-unreserved / unreserved / escaped</summary>
    public static readonly SearchValues<char> HeaderChars = SearchValues.Create(Alnum + Mark + "[]/?:+$%");

    /// <summary>Host names, IPv4 addresses; '_' is not in the ABNF but is common in SRV-style names, so it is tolerated.</summary>
    public static readonly SearchValues<char> HostChars = SearchValues.Create(Alnum + "-._");

    /// <summary>Inside an IPv6 reference: hex digits, ':' and '.' (for embedded IPv4).</summary>
    public static readonly SearchValues<char> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>A via-param or generic-param value that is not quoted: token, a host, or an IPv6 address bare or bracketed.</summary>
    public static readonly SearchValues<char> GenValueChars = SearchValues.Create(Alnum + "-.!%*_+`'~:[]");

    /// <summary>Scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</summary>
    public static readonly SearchValues<char> SchemeChars = SearchValues.Create(Alnum + "+-.");

    /// <summary>Opaque URI text of schemes we do not interpret: anything visible but the delimiters of name-addr.</summary>
    public static readonly SearchValues<char> OpaqueExcluded = SearchValues.Create(" \t\r\n<>\"");

    public static bool IsToken(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept(Token);

    /// <summary>DIGIT. A set rather than ContainsAnyExceptInRange: that one allocates 96 bytes per call while it runs
    /// precompiled (ReadyToRun, before tier-up, and in every Debug run), which the parse allocation test would count.</summary>
    public static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    public static bool IsDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept(Digits);

    /// <summary>Every '%' starts a two-hex-digit escape.</summary>
    public static bool EscapesAreValid(ReadOnlySpan<char> s)
    {
        var i = s.IndexOf('%');
        while (i >= 0)
        {
            if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                return false;
            var next = s[(i + 3)..].IndexOf('%');
            i = next < 0 ? -1 : i + 3 + next;
        }
        return true;
    }

    /// <summary>Replaces %HH escapes by the octets they stand for, read as UTF-8 (RFC 3261 §19.1.4 comparisons).</summary>
    public static string Unescape(string s)
    {
        if (!s.Contains('%')) return s;
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(s.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Parses 1*DIGIT into an unsigned 32-bit value; false on overflow (RFC 4475 §3.1.2.4, 3.1.2.5).</summary>
    public static bool TryParseUInt32(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        if (!IsDigits(s)) return false;
        ulong v = 0;
        foreach (var c in s)
        {
            v = v * 10 + (uint)(c - '0');
            if (v > uint.MaxValue) return false;
        }
        value = (uint)v;
        return true;
    }
}
