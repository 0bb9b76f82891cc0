namespace ActorSip.Cluster;

/// <summary>
/// The hand-off stop message of every shard region. Sharding's default, PoisonPill, stops a persistent entity at
/// once, and the commands it had stashed while persisting (a credential slice's SetSlice, a binding's Configure) are
/// dropped, so their senders time out and the slice stays empty: bindings then met "no credential" and were rejected
/// for half an hour in a 10,000-binding cluster whose shards were rebalancing while the configuration was written.
/// An entity handles this like any command, after what it had stashed, and then stops. Local only (a shard and its
/// entities are on the same node), so it needs no serializer.
/// </summary>
public sealed class StopEntity
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}
