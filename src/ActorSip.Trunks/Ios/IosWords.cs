namespace ActorSip.Trunks.Ios;

/// <summary>The words of one command and a position in them; keywords may be abbreviated as in IOS.</summary>
internal sealed class IosWords(List<string> words)
{
    private int _next;

    public bool AtEnd => _next >= words.Count;

    public string? Peek => AtEnd ? null : words[_next];

    public int Remaining => words.Count - _next;

    public string Take() => words[_next++];

    /// <summary>True (and consumes it) when the next word is <paramref name="keyword"/> or an unambiguous abbreviation of it among <paramref name="others"/>.</summary>
    public bool TakeKeyword(string keyword, params string[] others)
    {
        if (Peek is { } word && IsKeyword(word, keyword, others))
        {
            _next++;
            return true;
        }
        return false;
    }

    public static bool IsKeyword(string word, string keyword, params string[] others)
    {
        if (word.Length == 0 || !keyword.StartsWith(word, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (word.Length == keyword.Length)
        {
            return true;
        }
        // An abbreviation must not also abbreviate another keyword valid at this point.
        return !others.Any(o => o != keyword && o.StartsWith(word, StringComparison.OrdinalIgnoreCase));
    }
}
