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
    /// <summary>Replace the slice's entries. The passwords are encrypted by the entity before anything is persisted.
    /// Sent between nodes in clear JSON: cluster remoting must run over TLS.</summary>
    public sealed record SetSlice(string SliceId, ImmutableArray<PlainCredentialEntry> Entries) : ICredentialMessage
    {
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

    /// <summary>The answer: a username and its password (still encrypted for the slice; decrypt with the slice's
    /// persistence id), or the reason to terminate the request. <paramref name="Step"/> is the seed's step 1-5.</summary>
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
