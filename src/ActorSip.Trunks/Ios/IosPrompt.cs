namespace ActorSip.Trunks.Ios;

/// <summary>What a `Router(config-sip-ua)#` style prompt at the start of a pasted line says.</summary>
internal enum PromptKind
{
    None,
    Exec,
    Config,
}

internal static class IosPrompt
{
    /// <summary>
    /// Recognises `NAME>`, `NAME#` and `NAME(MODE)#` followed by a blank or the end of the line, where NAME is
    /// letters, digits, '.', '_' or '-'; returns the kind and the rest of the line after the prompt.
    /// </summary>
    public static PromptKind Strip(ReadOnlySpan<char> line, out ReadOnlySpan<char> rest)
    {
        rest = line;
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '.' or '_' or '-'))
        {
            i++;
        }
        if (i == 0 || i >= line.Length)
        {
            return PromptKind.None;
        }
        var config = false;
        if (line[i] == '(')
        {
            var close = line[i..].IndexOf(')');
            if (close < 0)
            {
                return PromptKind.None;
            }
            config = line[(i + 1)..(i + close)].StartsWith("config", StringComparison.Ordinal);
            if (!config)
            {
                return PromptKind.None;
            }
            i += close + 1;
        }
        if (i >= line.Length || line[i] is not ('#' or '>'))
        {
            return PromptKind.None;
        }
        var marker = line[i];
        i++;
        if (i < line.Length && !char.IsWhiteSpace(line[i]))
        {
            return PromptKind.None;
        }
        if (config && marker != '#')
        {
            return PromptKind.None;
        }
        rest = line[i..];
        return config ? PromptKind.Config : PromptKind.Exec;
    }
}
