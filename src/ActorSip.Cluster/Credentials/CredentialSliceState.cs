using System.Collections.Immutable;

namespace ActorSip.Cluster.Credentials;

/// <summary>A credential slice's entries. Immutable; <see cref="Apply"/> folds a persisted event in.</summary>
public sealed record CredentialSliceState(ImmutableArray<CredentialEntry> Entries)
{
    public static readonly CredentialSliceState Empty = new(ImmutableArray<CredentialEntry>.Empty);

    public CredentialSliceState Apply(object e) => e switch
    {
        CredentialEvents.SliceSet set => new CredentialSliceState(set.Entries),
        CredentialEvents.SliceCleared => Empty,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };

    public bool Equals(CredentialSliceState? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Length;
}
