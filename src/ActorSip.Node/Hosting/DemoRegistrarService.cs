using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>Last phase: the demo registrars the configuration needs (--demo-registrar), then the gate that lets the
/// bindings send opens and the node counts as started (/health/ready, systemd's READY=1 right after).</summary>
public sealed class DemoRegistrarService(NodeHost node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        NodeStartException.ThrowIfFailed(await node.StartBindingsAsync(cancellationToken));

    // The demo registrars close with the SIP transports (SipTransportService), after the actor system left.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
