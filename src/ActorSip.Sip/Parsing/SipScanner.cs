using System.Buffers;

namespace ActorSip.Sip.Parsing;

/// <summary>
/// A cursor over one unfolded header value. Folding has already become single spaces, so linear white space
/// here is only SP and HTAB. Every method advances or fails; none can loop without consuming input.
/// </summary>
public ref struct SipScanner(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= _text.Length;

    public readonly char Peek => Position < _text.Length ? _text[Position] : '\0';

    public readonly ReadOnlySpan<char> Rest => _text[Position..];

    public readonly ReadOnlySpan<char> Slice(int start, int end) => _text[start..end];

    public void SkipWhitespace()
    {
        while (Position < _text.Length && _text[Position] is ' ' or '\t') Position++;
    }

    /// <summary>Skips white space, then takes <paramref name="c"/> if it is next (SWS c SWS in the ABNF).</summary>
    public bool TrySeparator(char c)
    {
        var save = Position;
        SkipWhitespace();
        if (Position < _text.Length && _text[Position] == c)
        {
            Position++;
            SkipWhitespace();
            return true;
        }
        Position = save;
        return false;
    }

    public bool TryChar(char c)
    {
        if (Position < _text.Length && _text[Position] == c)
        {
            Position++;
            return true;
        }
        return false;
    }

    /// <summary>Takes the longest run of characters from <paramref name="set"/> (possibly empty).</summary>
    public ReadOnlySpan<char> Take(SearchValues<char> set)
    {
        var rest = _text[Position..];
        var n = rest.IndexOfAnyExcept(set);
        if (n < 0) n = rest.Length;
        Position += n;
        return rest[..n];
    }

    /// <summary>Takes characters up to (not including) any of <paramref name="stops"/> or the end.</summary>
    public ReadOnlySpan<char> TakeUntil(SearchValues<char> stops)
    {
        var rest = _text[Position..];
        var n = rest.IndexOfAny(stops);
        if (n < 0) n = rest.Length;
        Position += n;
        return rest[..n];
    }

    /// <summary>Reads a quoted-string (the opening quote is next) and returns its content with quoted-pairs resolved.</summary>
    public bool TryQuotedString(out string content, out string error)
    {
        content = "";
        if (!TryQuotedText(out var inner, out error)) return false;
        content = Unescape(inner);
        return true;
    }

    /// <summary>Checks a quoted-string (the opening quote is next) and gives the text between the quotes with its
    /// quoted-pairs still escaped. Allocates nothing, so validating a header costs no string.</summary>
    public bool TryQuotedText(out ReadOnlySpan<char> inner, out string error)
    {
        inner = default;
        error = "";
        if (!TryChar('"'))
        {
            error = "expected '\"'";
            return false;
        }
        var start = Position;
        while (Position < _text.Length)
        {
            var n = _text[Position..].IndexOfAny('"', '\\');
            if (n < 0) break;
            Position += n;
            if (_text[Position++] == '"')
            {
                inner = _text[start..(Position - 1)];
                return true;
            }
            if (Position >= _text.Length) break;
            var escaped = _text[Position++];
            // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF cannot be escaped.
            if (escaped is '\r' or '\n' || escaped > '\x7f')
            {
                error = "invalid quoted-pair";
                return false;
            }
        }
        Position = _text.Length;
        error = "unterminated quoted string";
        return false;
    }

    /// <summary>The content of a checked quoted-string: each quoted-pair becomes the character it escapes.</summary>
    private static string Unescape(ReadOnlySpan<char> inner)
    {
        if (inner.IndexOf('\\') < 0) return inner.ToString();
        Span<char> buffer = inner.Length <= 256 ? stackalloc char[inner.Length] : new char[inner.Length];
        var n = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\') i++; // TryQuotedText guarantees a character follows
            buffer[n++] = inner[i];
        }
        return buffer[..n].ToString();
    }
}
