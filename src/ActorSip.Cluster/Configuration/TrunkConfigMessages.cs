using System.Collections.Immutable;
using ActorSip.Cluster.Security;

namespace ActorSip.Cluster.Configuration;

public static class TrunkConfigCommands
{
    /// <summary>Make this the whole trunk configuration. The IOS text carries passwords, so it travels encrypted
    /// (associated data <see cref="TrunkConfigActor.PersistenceIdValue"/>).</summary>
    public sealed record Replace(EncryptedSecret IosText, string Source, string Node, string? Operator = null) : IActorSipMessage;

    /// <summary>`config apply`: IOS lines (encrypted: they may carry passwords) that a node validated against version
    /// <paramref name="BaseVersion"/>, with the items each line touches. The singleton applies them to the configuration in force, or refuses them as a
    /// conflict when an item they touch changed after that version: never a silent overwrite.</summary>
    public sealed record Apply(EncryptedSecret Lines, long BaseVersion, ImmutableArray<TouchedItem> Touched, string Source, string Node, string Operator) : IActorSipMessage
    {
        public bool Equals(Apply? other) =>
            other is not null && Lines.Equals(other.Lines) && BaseVersion == other.BaseVersion && Touched.SequenceEqual(other.Touched)
            && Source == other.Source && Node == other.Node && Operator == other.Operator;

        public override int GetHashCode() => HashCode.Combine(Lines, BaseVersion, Touched.Length, Source, Node);
    }

    /// <summary>An item one line touches (<see cref="ActorSip.Trunks.ConfigKey"/>), as the validating node read it.</summary>
    public sealed record TouchedItem(int Line, string Name, string? Scope);
}

public static class TrunkConfigEvents
{
    /// <summary>A configuration change: when, from which node and file, by which operator, the full configuration
    /// encrypted, and the same with every password masked so the audit trail reads without the key.</summary>
    /// <remarks><paramref name="Operator"/> (`token:NAME`, `user:NAME`) is null in events written before it was recorded.</remarks>
    public sealed record Replaced(DateTimeOffset At, string Node, string Source, EncryptedSecret Config, string Masked, string? Operator = null) : IActorSipMessage;

    /// <summary>Every credential slice of configuration <paramref name="ConfigVersion"/> (the sequence number of its
    /// <see cref="Replaced"/>) is stored: a restart need not send them again before starting the bindings.</summary>
    public sealed record CredentialsStored(long ConfigVersion) : IActorSipMessage;
}

public static class TrunkConfigQueries
{
    public sealed record Get : IActorSipMessage
    {
        public static readonly Get Instance = new();
    }

    /// <summary>The full configuration, encrypted for the asking node (which holds the same key).</summary>
    public sealed record GetEncrypted : IActorSipMessage
    {
        public static readonly GetEncrypted Instance = new();
    }

    /// <summary>The configuration in force and its version (the sequence number of its change event, 0 = none yet).</summary>
    public sealed record Encrypted(EncryptedSecret? IosText, long Version) : IActorSipMessage;

    public sealed record Current(string MaskedIos, int Registrars, int Endpoints, int Bindings, long Version) : IActorSipMessage;

    public sealed record ReplaceResult(bool Changed, string? Error) : IActorSipMessage;

    /// <summary>One refused line of an <see cref="TrunkConfigCommands.Apply"/> (its message never holds a password).</summary>
    public sealed record LineError(string File, int Line, string Message);

    /// <summary>One applied line, its text with the password masked.</summary>
    public sealed record LineApplied(int Line, string Text, bool Changed);

    /// <summary>The answer to <see cref="TrunkConfigCommands.Apply"/>: every line applied (and the version now in force),
    /// or the refused lines and nothing applied.</summary>
    public sealed record ApplyResult(ImmutableArray<LineError> Errors, ImmutableArray<LineApplied> Lines, long Version) : IActorSipMessage
    {
        public bool Equals(ApplyResult? other) =>
            other is not null && Errors.SequenceEqual(other.Errors) && Lines.SequenceEqual(other.Lines) && Version == other.Version;

        public override int GetHashCode() => HashCode.Combine(Errors.Length, Lines.Length, Version);
    }
}
