namespace ActorSip.Trunks;

/// <summary>
/// The number an endpoint registers (the user part of To in REGISTER): digits, optionally after one leading '+'.
/// Dial-peer patterns with wildcards are not endpoint numbers.
/// </summary>
public readonly record struct EndpointNumber : IComparable<EndpointNumber>
{
    public string Value { get; }

    private EndpointNumber(string value) => Value = value;

    public static bool TryParse(ReadOnlySpan<char> text, out EndpointNumber number)
    {
        number = default;
        var digits = text.Length > 0 && text[0] == '+' ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 32)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        number = new EndpointNumber(text.ToString());
        return true;
    }

    public static EndpointNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException("an endpoint number is digits with an optional leading +");

    public int CompareTo(EndpointNumber other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value ?? string.Empty;
}
