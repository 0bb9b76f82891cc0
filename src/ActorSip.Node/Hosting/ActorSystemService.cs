using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>
/// The ActorSystem (cluster, shard regions, trunk-config singleton) and the trunk configuration applied or read.
/// The node creates the ActorSystem itself rather than through Akka.Hosting's AddAkka: its config is the explicit
/// HOCON layering (remoting, remoting TLS, --hocon, akka.conf, serialization, mailbox, persistence) and the start
/// must end with an operator's error text (exit 1) when the singleton does not acknowledge in time.
/// </summary>
public sealed class ActorSystemService(NodeHost node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        NodeStartException.ThrowIfFailed(await node.StartActorSystemAsync(cancellationToken));

    /// <summary>Coordinated shutdown: the shards hand over, the node leaves the cluster.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => node.StopActorSystemAsync();
}
