namespace ActorSip.Trunks.Ios;

/// <summary>One command as entered: its first physical line, its text with wrapped parts joined, its indent and prompt.</summary>
internal sealed record IosLine(int Number, string Text, int Indent, PromptKind Prompt);

internal static class IosLineReader
{
    /// <summary>
    /// Joins wrapped lines of a pasted session: after a prompted line, every following line without a prompt
    /// (blank lines skipped, IOS '%' messages dropped) continues it, as the seed's examples print them.
    /// </summary>
    public static List<IosLine> Read(string text)
    {
        var lines = new List<IosLine>();
        var number = 0;
        IosLine? open = null;
        foreach (var range in text.AsSpan().EnumerateLines())
        {
            number++;
            var raw = range;
            if (raw.IsWhiteSpace())
            {
                continue;
            }
            var prompt = IosPrompt.Strip(raw, out var rest);
            if (prompt != PromptKind.None)
            {
                open = new IosLine(number, rest.Trim().ToString(), 0, prompt);
                lines.Add(open);
                continue;
            }
            var trimmed = raw.Trim();
            if (open is not null)
            {
                if (trimmed[0] == '%')
                {
                    continue;
                }
                open = open with { Text = open.Text + " " + trimmed.ToString() };
                lines[^1] = open;
                continue;
            }
            lines.Add(new IosLine(number, trimmed.ToString(), IosTokenizer.Indent(raw), PromptKind.None));
        }
        return lines;
    }
}
