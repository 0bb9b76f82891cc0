using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>First phase: the data directory, the journal key and the trunk file, checked before anything listens.</summary>
public sealed class StartupChecksService(NodeHost node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        NodeStartException.ThrowIfFailed(await node.PrepareAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
