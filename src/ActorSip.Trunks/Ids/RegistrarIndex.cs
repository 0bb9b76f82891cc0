namespace ActorSip.Trunks;

/// <summary>The index of a registrar in multiple-registrar mode: 1 to 6, as IOS allows.</summary>
public readonly record struct RegistrarIndex : IComparable<RegistrarIndex>
{
    public const int Min = 1;
    public const int Max = 6;

    public int Value { get; }

    private RegistrarIndex(int value) => Value = value;

    public static bool TryCreate(int value, out RegistrarIndex index)
    {
        index = new RegistrarIndex(value);
        return value is >= Min and <= Max;
    }

    public static RegistrarIndex Create(int value) =>
        TryCreate(value, out var index) ? index : throw new ArgumentOutOfRangeException(nameof(value), value, "registrar index must be 1-6");

    public int CompareTo(RegistrarIndex other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
