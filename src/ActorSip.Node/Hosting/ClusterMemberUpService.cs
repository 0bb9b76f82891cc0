using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>
/// After the last phase: waits until this node is Up in the cluster, so the host's start (systemd's READY=1, the
/// running line) means what /health/ready checks. A joining node can have its configuration from the singleton while
/// it is still Joining, and a Joining member hosts no shards yet.
/// </summary>
public sealed class ClusterMemberUpService(NodeHost node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var system = node.System ?? throw new NodeStartException("the actor system did not start");
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        if (await Task.WhenAny(up.Task, system.WhenTerminated).WaitAsync(cancellationToken) != up.Task)
            throw new NodeStartException("the actor system stopped before this node was Up in the cluster (see the log above)");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
