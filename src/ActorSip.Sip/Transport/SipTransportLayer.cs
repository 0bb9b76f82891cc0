using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorSip.Sip.Transport;

/// <summary>
/// The transports of one SIP endpoint: UDP and TCP bound on the same address and port, TLS on its own port, for
/// IPv4 and IPv6. Picks the transport by kind and address family when sending, and hands every received message
/// to <see cref="MessageReceived"/>.
/// </summary>
public sealed class SipTransportLayer : ISipMessageSender, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<ISipTransport> _transports = [];
    private long _undelivered;

    public SipTransportLayer(SipTransportOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? SipTransportOptions.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Called on a transport's receive loop for every message; keep it short. Exceptions are caught and
    /// counted by the transport.</summary>
    public Action<ReceivedMessage>? MessageReceived { get; set; }

    /// <summary>Messages that arrived while no handler was set.</summary>
    public long Undelivered => Interlocked.Read(ref _undelivered);

    public IReadOnlyList<ISipTransport> Transports
    {
        get
        {
            lock (_gate) return [.. _transports];
        }
    }

    public SipUdpTransport AddUdp(IPEndPoint local) => Add(SipUdpTransport.Bind(local, Deliver, _options, _logger));

    public SipStreamTransport AddTcp(IPEndPoint local) => Add(SipStreamTransport.ListenTcp(local, Deliver, _options, _logger));

    public SipStreamTransport AddTls(IPEndPoint local, SipTlsOptions tls) =>
        Add(SipStreamTransport.ListenTls(local, tls, Deliver, _options, _logger));

    /// <summary>TLS for outbound connections only; <paramref name="sentBy"/> is the Via sent-by (see
    /// <see cref="SipStreamTransport.ConnectTls"/>).</summary>
    public SipStreamTransport AddTlsClient(IPEndPoint sentBy, SipTlsOptions? tls) =>
        Add(SipStreamTransport.ConnectTls(sentBy, tls, Deliver, _options, _logger));

    /// <summary>A TCP or TLS connection we opened was lost (see <see cref="SipStreamTransport.ConnectionLost"/>),
    /// on any stream transport of this layer.</summary>
    public event Action<SipConnectionLost>? ConnectionLost;

    /// <summary>
    /// UDP and TCP on the same address and port, as RFC 3261 §18 expects of a sent-by. With port 0, UDP picks a
    /// free port and TCP takes the same one, retrying with another port if TCP's is taken.
    /// </summary>
    public (SipUdpTransport Udp, SipStreamTransport Tcp) AddUdpAndTcp(IPEndPoint local)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = SipUdpTransport.Bind(local, Deliver, _options, _logger);
            try
            {
                var tcp = SipStreamTransport.ListenTcp(new IPEndPoint(local.Address, udp.LocalEndPoint.Port), Deliver, _options, _logger);
                return (Add(udp), Add(tcp));
            }
            catch (SocketException e) when (local.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
    }

    /// <summary>The first transport of that kind bound to an address of that family.</summary>
    public ISipTransport? Find(SipTransportKind kind, AddressFamily family)
    {
        lock (_gate)
        {
            foreach (var t in _transports)
                if (t.Kind == kind && t.LocalEndPoint.AddressFamily == family) return t;
        }
        return null;
    }

    public IPEndPoint? LocalEndPointFor(SipTransportKind kind, AddressFamily family) => Find(kind, family)?.LocalEndPoint;

    public ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, CancellationToken ct = default) =>
        SendAsync(message, remote, kind, null, ct);

    public ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, string? serverName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (remote.Address.IsIPv4MappedToIPv6) remote = new IPEndPoint(remote.Address.MapToIPv4(), remote.Port);
        var transport = Find(kind, remote.AddressFamily)
                        ?? throw new SipTransportException($"no {kind} transport bound for {remote.AddressFamily}");
        return transport is SipStreamTransport stream ? stream.SendAsync(message, remote, serverName, ct) : transport.SendAsync(message, remote, ct);
    }

    private T Add<T>(T transport) where T : ISipTransport
    {
        lock (_gate) _transports.Add(transport);
        if (transport is SipStreamTransport stream) stream.ConnectionLost += lost => ConnectionLost?.Invoke(lost);
        return transport;
    }

    private void Deliver(ReceivedMessage message)
    {
        var handler = MessageReceived;
        if (handler is null)
        {
            Interlocked.Increment(ref _undelivered);
            return;
        }
        handler(message);
    }

    public async ValueTask DisposeAsync()
    {
        ISipTransport[] all;
        lock (_gate)
        {
            all = [.. _transports];
            _transports.Clear();
        }
        foreach (var t in all) await t.DisposeAsync().ConfigureAwait(false);
    }
}
