using System.Collections.Immutable;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>Every message for a credential slice names it; a shard region routes by this id ("1111/realm.example.com").</summary>
public interface ICredentialMessage : IActorSipMessage
{
    string SliceId { get; }
}

public static class CredentialCommands
{
    /// <summary>Replace the slice's entries. Every password is encrypted by the sender with the journal key and
    /// <see cref="CredentialAssociatedData.SetSlice"/> (the type has no field for a clear password); the entity
    /// decrypts it and stores it again for its journal. <see cref="Create"/> is the one way to make one.</summary>
    public sealed record SetSlice(string SliceId, ImmutableArray<CredentialEntry> Entries) : ICredentialMessage
    {
        /// <summary>Encrypts each entry's password for this slice's SetSlice.</summary>
        public static SetSlice Create(string sliceId, IEnumerable<(CredentialSource Source, string Username, string Password, string? Realm, int? DialPeer)> entries,
            SecretProtector protector)
        {
            var ad = CredentialAssociatedData.SetSlice(sliceId);
            return new SetSlice(sliceId, [.. entries.Select(e => new CredentialEntry(e.Source, e.Username, protector.Protect(e.Password, ad), e.Realm, e.DialPeer))]);
        }

        public bool Equals(SetSlice? other) => other is not null && SliceId == other.SliceId && Entries.SequenceEqual(other.Entries);

        public override int GetHashCode() => HashCode.Combine(SliceId, Entries.Length);
    }

    /// <summary>The slice left the configuration: forget its entries.</summary>
    public sealed record Clear(string SliceId) : ICredentialMessage;
}

public static class CredentialEvents
{
    public sealed record SliceSet(ImmutableArray<CredentialEntry> Entries) : IActorSipMessage
    {
        public bool Equals(SliceSet? other) => other is not null && Entries.SequenceEqual(other.Entries);

        public override int GetHashCode() => Entries.Length;
    }

    public sealed record SliceCleared : IActorSipMessage;
}

/// <summary>What a credential slice snapshots: its entries, passwords still encrypted.</summary>
public sealed record CredentialSnapshot(ImmutableArray<CredentialEntry> Entries) : IActorSipMessage
{
    public bool Equals(CredentialSnapshot? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Length;
}

public static class CredentialQueries
{
    /// <summary>Which credential answers a 401/407 for <paramref name="Realm"/> (null: the challenge named none).</summary>
    public sealed record Lookup(string SliceId, string? Realm, string? OfferedUsername, ChallengedMethod Method) : ICredentialMessage;

    /// <summary>The answer: a username and its password, encrypted by the slice entity with the journal key and
    /// <see cref="CredentialAssociatedData.LookupResult"/>, or the reason to terminate the request.
    /// <paramref name="Step"/> is the seed's step 1-5.</summary>
    public sealed record LookupResult(string? Username, EncryptedSecret? Password, string? Reason, int Step) : IActorSipMessage;

    public sealed record Describe(string SliceId) : ICredentialMessage;

    /// <summary>What `show` prints for a slice: never a secret, not even encrypted.</summary>
    public sealed record Description(string SliceId, ImmutableArray<EntrySummary> Entries, string? KeyId) : IActorSipMessage
    {
        public bool Equals(Description? other) =>
            other is not null && SliceId == other.SliceId && KeyId == other.KeyId && Entries.SequenceEqual(other.Entries);

        public override int GetHashCode() => HashCode.Combine(SliceId, Entries.Length, KeyId);
    }

    public sealed record EntrySummary(CredentialSource Source, string Username, string? Realm, int? DialPeer);
}
