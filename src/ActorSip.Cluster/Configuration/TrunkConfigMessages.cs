using ActorSip.Cluster.Security;

namespace ActorSip.Cluster.Configuration;

public static class TrunkConfigCommands
{
    /// <summary>Make this the whole trunk configuration. The IOS text carries passwords, so it travels encrypted
    /// (associated data <see cref="TrunkConfigActor.PersistenceIdValue"/>).</summary>
    public sealed record Replace(EncryptedSecret IosText, string Source, string Node) : IActorSipMessage;
}

public static class TrunkConfigEvents
{
    /// <summary>A configuration change: when, from which node and file, the full configuration encrypted, and the
    /// same with every password masked so the audit trail reads without the key.</summary>
    public sealed record Replaced(DateTimeOffset At, string Node, string Source, EncryptedSecret Config, string Masked) : IActorSipMessage;

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

    public sealed record Encrypted(EncryptedSecret? IosText) : IActorSipMessage;

    public sealed record Current(string MaskedIos, int Registrars, int Endpoints, int Bindings, long Version) : IActorSipMessage;

    public sealed record ReplaceResult(bool Changed, string? Error) : IActorSipMessage;
}
