namespace ActorSip.Trunks.Hocon;

/// <summary>
/// Akka's HOCON values carry no positions, so the line of a key is found by scanning the text: best effort,
/// following a path of keys and array indexes (e.g. registrars, 2, expires) through braces and brackets.
/// </summary>
internal sealed class HoconLineFinder(string text)
{
    public int Line(params object[] path)
    {
        var start = 0;
        var end = text.Length;
        var found = -1;
        foreach (var segment in path)
        {
            if (segment is string key)
            {
                var at = KeyPosition(key, start, end);
                if (at < 0)
                {
                    break;
                }
                found = at;
                start = at + key.Length;
            }
            else if (segment is int index)
            {
                var element = Element(start, end, index);
                if (element.Start < 0)
                {
                    break;
                }
                found = element.Start;
                (start, end) = element;
            }
        }
        return found < 0 ? 1 : LineOf(found);
    }

    private int LineOf(int position)
    {
        var line = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }
        return line;
    }

    /// <summary>The first place in [from, to) where <paramref name="key"/> stands as a key: followed by '=', ':', '{' or '['.</summary>
    private int KeyPosition(string key, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var quoted = text[i] == '"' && string.CompareOrdinal(text, i + 1, key, 0, key.Length) == 0 && i + 1 + key.Length < to && text[i + 1 + key.Length] == '"';
            var bare = string.CompareOrdinal(text, i, key, 0, key.Length) == 0 && (i == 0 || !IsKeyChar(text[i - 1]));
            if (!quoted && !bare)
            {
                continue;
            }
            var j = i + key.Length + (quoted ? 2 : 0);
            if (!quoted && j < text.Length && IsKeyChar(text[j]))
            {
                continue;
            }
            while (j < to && (text[j] == ' ' || text[j] == '\t'))
            {
                j++;
            }
            if (j < to && text[j] is '=' or ':' or '{' or '[')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The span of the index-th object of the array that starts after <paramref name="from"/>.</summary>
    private (int Start, int End) Element(int from, int to, int index)
    {
        var open = text.IndexOf('[', from);
        if (open < 0 || open >= to)
        {
            return (-1, -1);
        }
        var depth = 0;
        var count = -1;
        var start = -1;
        for (var i = open + 1; i < to; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i = SkipString(i);
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < to && text[i + 1] == '/'))
            {
                i = text.IndexOf('\n', i) is var nl and >= 0 ? nl : to;
                continue;
            }
            if (c is '{' or '[')
            {
                if (depth == 0 && c == '{' && ++count == index)
                {
                    start = i;
                }
                depth++;
            }
            else if (c is '}' or ']')
            {
                if (depth == 0)
                {
                    return (-1, -1); // end of the array
                }
                depth--;
                if (depth == 0 && start >= 0)
                {
                    return (start, i);
                }
            }
        }
        return (-1, -1);
    }

    private int SkipString(int quote)
    {
        for (var i = quote + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }
        return text.Length;
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
