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
        error = "";
        if (!TryChar('"'))
        {
            error = "expected '\"'";
            return false;
        }
        var sb = new System.Text.StringBuilder();
        while (Position < _text.Length)
        {
            var c = _text[Position++];
            if (c == '"')
            {
                content = sb.ToString();
                return true;
            }
            if (c == '\\')
            {
                if (Position >= _text.Length) break;
                var escaped = _text[Position++];
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF cannot be escaped.
                if (escaped is '\r' or '\n' || escaped > '\x7f')
                {
                    error = "invalid quoted-pair";
                    return false;
                }
                sb.Append(escaped);
                continue;
            }
            sb.Append(c);
        }
        error = "unterminated quoted string";
        return false;
    }
}
