namespace ActorSip.Trunks;

/// <summary>The tag of a dial-peer (`dial-peer voice TAG pots`): 1 to 2147483647, as IOS allows.</summary>
public readonly record struct DialPeerTag : IComparable<DialPeerTag>
{
    public int Value { get; }

    private DialPeerTag(int value) => Value = value;

    public static bool TryCreate(long value, out DialPeerTag tag)
    {
        var ok = value is >= 1 and <= int.MaxValue;
        tag = ok ? new DialPeerTag((int)value) : default;
        return ok;
    }

    public static DialPeerTag Create(int value) =>
        TryCreate(value, out var tag) ? tag : throw new ArgumentOutOfRangeException(nameof(value), value, "dial-peer tag must be 1-2147483647");

    public int CompareTo(DialPeerTag other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
