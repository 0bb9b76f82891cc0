namespace ActorSip.Trunks;

/// <summary>A digest realm. Realms compare case-insensitively (the seed's examples mix "realm1" and "Realm1"); the configured spelling is kept for printing.</summary>
public readonly record struct Realm
{
    public string Value { get; }

    public Realm(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    public bool Equals(Realm other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    public override string ToString() => Value ?? string.Empty;
}
