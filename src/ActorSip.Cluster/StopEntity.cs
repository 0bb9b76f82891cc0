namespace ActorSip.Cluster;

/// <summary>
/// The hand-off stop message of every shard region. Sharding's default, PoisonPill, stops a persistent entity at
/// once, and the commands it had stashed while persisting (a credential slice's SetSlice, a binding's Configure) are
/// dropped unanswered (StopEntityTests shows it): a slice written while its shard moves would stay empty, and its
/// binding, challenged, would be rejected for half an hour. (The 10,000-binding failover runs that led here lost their
/// writes to the region's own dropping of buffered messages during hand-off, which the trunk-config singleton now
/// retries.) An entity handles this like any command, after what it had stashed, and then stops. Local only (a shard
/// and its entities are on the same node), so it needs no serializer.
/// </summary>
public sealed class StopEntity
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}
