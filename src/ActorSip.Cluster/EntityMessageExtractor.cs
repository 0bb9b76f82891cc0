using Akka.Cluster.Sharding;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Registrars;

namespace ActorSip.Cluster;

/// <summary>Routes binding and credential messages by the id they carry; shards by hash of that id.</summary>
public sealed class EntityMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    /// <summary>Ten shards per node of the largest planned cluster is Akka's rule of thumb; 100 leaves room.</summary>
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => message switch
    {
        IBindingMessage b => b.BindingId,
        ICredentialMessage c => c.SliceId,
        IRegistrarMessage r => r.RegistrarId,
        _ => null,
    };
}
