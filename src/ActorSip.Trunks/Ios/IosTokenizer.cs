namespace ActorSip.Trunks.Ios;

/// <summary>Splits an IOS command line into whitespace-separated words (IOS has no quoting in these commands).</summary>
internal static class IosTokenizer
{
    public static List<string> Tokenize(ReadOnlySpan<char> line)
    {
        var words = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (i > start)
            {
                words.Add(line[start..i].ToString());
            }
        }
        return words;
    }

    /// <summary>Number of leading blanks: running-config indents the commands of a section.</summary>
    public static int Indent(ReadOnlySpan<char> line)
    {
        var n = 0;
        while (n < line.Length && (line[n] == ' ' || line[n] == '\t'))
        {
            n++;
        }
        return n;
    }
}
