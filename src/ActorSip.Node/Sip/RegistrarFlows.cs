using System.Collections.Concurrent;
using System.Net;
using ActorSip.Cluster.Bindings;
using ActorSip.Sip;
using ActorSip.Sip.Transport;

namespace ActorSip.Node.Sip;

/// <summary>
/// Which bindings are registered over which TCP/TLS connection (one per registrar endpoint and server name, shared by
/// all its bindings), so that when the transport reports that connection lost, each of them registers again over a
/// new one: at once but spread over <see cref="Spread"/>, so thousands of bindings do not reconnect in one burst.
/// </summary>
public sealed class RegistrarFlows
{
    private readonly ConcurrentDictionary<Flow, ConcurrentDictionary<string, byte>> _bindings = new();
    private readonly Microsoft.Extensions.Logging.ILogger _log;

    public RegistrarFlows(Microsoft.Extensions.Logging.ILogger log) => _log = log;

    /// <summary>The binding shard region the re-registrations go to; set once the region runs.</summary>
    public Akka.Actor.IActorRef? Bindings { get; set; }

    public TimeSpan Spread { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After each REGISTER over a stream transport: a binding counts as carried by the connection while its
    /// last REGISTER there was granted (not an un-REGISTER).</summary>
    public void Record(string bindingId, SipTransportKind transport, IPEndPoint remote, string? serverName, bool registered)
    {
        if (transport == SipTransportKind.Udp) return;
        var flow = new Flow(transport, remote, transport == SipTransportKind.Tls ? serverName : null);
        if (registered)
        {
            // A binding moved to another target or name is no longer carried by the old one.
            foreach (var (other, set) in _bindings)
                if (other != flow) set.TryRemove(bindingId, out _);
            _bindings.GetOrAdd(flow, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[bindingId] = 0;
        }
        else if (_bindings.TryGetValue(flow, out var set))
        {
            set.TryRemove(bindingId, out _);
        }
    }

    /// <summary>The transport lost a connection it had opened: every binding registered over it registers again.</summary>
    public void OnLost(SipConnectionLost lost)
    {
        var flow = new Flow(lost.Transport, lost.Remote, lost.ServerName);
        if (!_bindings.TryRemove(flow, out var set) || set.IsEmpty) return;
        var ids = set.Keys.ToList();
        var name = lost.ServerName is null ? "" : $" ({lost.ServerName})";
        ActorSip.Node.Hosting.NodeLogging.Line(_log, $"{lost.Transport.ToString().ToUpperInvariant()} connection to {lost.Remote}{name} lost: {lost.Reason}; {ids.Count} binding(s) register again");
        var region = Bindings;
        if (region is null) return;
        foreach (var id in ids)
        {
            var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Spread.TotalMilliseconds);
            _ = Task.Delay(delay).ContinueWith(_ => region.Tell(new BindingCommands.ConnectionLost(id), Akka.Actor.ActorRefs.NoSender),
                TaskScheduler.Default);
        }
    }

    /// <summary>Bindings currently counted on connections (for tests and the log).</summary>
    public int Count => _bindings.Values.Sum(s => s.Count);

    private readonly record struct Flow(SipTransportKind Transport, IPEndPoint Remote, string? ServerName);
}
