using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>The SIP listeners. Stopped last: the demo registrars and the sockets close after the actor system left,
/// because bindings handing over may still send.</summary>
public sealed class SipTransportService(NodeHost node) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NodeStartException.ThrowIfFailed(node.StartSipTransports());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => node.StopSipAsync();
}
