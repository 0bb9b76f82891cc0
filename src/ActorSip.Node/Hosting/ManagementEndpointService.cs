using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>The management endpoint, started before the actor system so /health/live answers (and /health/ready says
/// 503) while a node waits minutes to join; stopped after the actor system left, so probes see it leave.</summary>
public sealed class ManagementEndpointService(NodeHost node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        NodeStartException.ThrowIfFailed(await node.StartManagementAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => node.StopManagementAsync();
}
