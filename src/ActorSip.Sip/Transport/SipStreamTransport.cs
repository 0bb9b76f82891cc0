using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorSip.Sip.Transport;

/// <summary>
/// SIP over TCP or TLS (RFC 3261 §18, §26): a listener plus a pool of connections keyed by remote endpoint, holding
/// both the connections peers opened to us and the ones we opened. Sending to an endpoint reuses its connection,
/// so responses to a request go back over the connection it came on (§18.2.2), and requests to a registrar keep
/// one connection open.
/// </summary>
public sealed class SipStreamTransport : ISipTransport
{
    private readonly Socket _listener;
    private readonly Action<ReceivedMessage> _deliver;
    private readonly SipTransportOptions _options;
    private readonly SipTlsOptions? _tls;
    private readonly SipParseOptions _parseOptions;
    private readonly RateLimitedLog _log;
    private readonly MalformedTrafficLog _malformed;
    private readonly ConcurrentDictionary<IPAddress, int> _inboundPerSource = new();
    private readonly ConcurrentDictionary<SipStreamConnection, IPAddress> _inbound = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<IPEndPoint, Task<SipStreamConnection>> _connections = new();
    private readonly Task _acceptLoop;

    private SipStreamTransport(SipTransportKind kind, Socket listener, Action<ReceivedMessage> deliver,
        SipTransportOptions options, SipTlsOptions? tls, ILogger logger)
    {
        Kind = kind;
        _listener = listener;
        _deliver = deliver;
        _options = options;
        _tls = tls;
        _parseOptions = SipParseOptions.Stream with { MaxMessageSize = options.MaxMessageSize };
        _log = new RateLimitedLog(logger);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _malformed = new MalformedTrafficLog(logger, $"{kind.ToString().ToUpperInvariant()} {LocalEndPoint}");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public static SipStreamTransport ListenTcp(IPEndPoint local, Action<ReceivedMessage> deliver,
        SipTransportOptions? options = null, ILogger? logger = null) =>
        Listen(SipTransportKind.Tcp, local, deliver, options, null, logger);

    /// <summary>A TLS listener; <see cref="SipTlsOptions.ServerCertificate"/> is required.</summary>
    public static SipStreamTransport ListenTls(IPEndPoint local, SipTlsOptions tls, Action<ReceivedMessage> deliver,
        SipTransportOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.ServerCertificate is null) throw new ArgumentException("a TLS listener needs a server certificate", nameof(tls));
        return Listen(SipTransportKind.Tls, local, deliver, options, tls, logger);
    }

    private static SipStreamTransport Listen(SipTransportKind kind, IPEndPoint local, Action<ReceivedMessage> deliver,
        SipTransportOptions? options, SipTlsOptions? tls, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(deliver);
        var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.Bind(local);
            socket.Listen(512);
            return new SipStreamTransport(kind, socket, deliver, options ?? SipTransportOptions.Default, tls, logger ?? NullLogger.Instance);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public SipTransportKind Kind { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsReliable => true;

    public SipTransportCounters Counters { get; } = new();

    /// <summary>Open connections (inbound and outbound).</summary>
    public int ConnectionCount => _connections.Count;

    public async ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remote);
        var bytes = message.ToBytes();
        try
        {
            var connection = await GetOrConnectAsync(remote, ct).ConfigureAwait(false);
            await connection.SendAsync(bytes, ct).ConfigureAwait(false);
            Counters.OnSent();
        }
        catch
        {
            Counters.OnSendError();
            throw;
        }
    }

    private Task<SipStreamConnection> GetOrConnectAsync(IPEndPoint remote, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        while (true)
        {
            if (_connections.TryGetValue(remote, out var existing))
            {
                // A connect that failed is forgotten so the next send tries again.
                if (!existing.IsFaulted && !existing.IsCanceled) return existing.WaitAsync(ct);
                _connections.TryRemove(new KeyValuePair<IPEndPoint, Task<SipStreamConnection>>(remote, existing));
                continue;
            }
            var pending = new TaskCompletionSource<SipStreamConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_connections.TryAdd(remote, pending.Task)) continue;
            _ = ConnectAsync(remote, pending);
            return pending.Task.WaitAsync(ct);
        }
    }

    private async Task ConnectAsync(IPEndPoint remote, TaskCompletionSource<SipStreamConnection> pending)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            cts.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(remote, cts.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (Kind == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _tls?.TargetHost?.Invoke(remote) ?? SipAddressText.Bare(remote.Address),
                    RemoteCertificateValidationCallback = _tls?.ServerCertificateValidation,
                    ClientCertificates = _tls?.ClientCertificates,
                }, cts.Token).ConfigureAwait(false);
            }
            var connection = new SipStreamConnection(this, stream, remote, (IPEndPoint)socket.LocalEndPoint!, _options);
            Counters.OnConnected();
            connection.Start();
            pending.TrySetResult(connection);
        }
        catch (Exception e)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            _connections.TryRemove(new KeyValuePair<IPEndPoint, Task<SipStreamConnection>>(remote, pending.Task));
            pending.TrySetException(e is OperationCanceledException && !_shutdown.IsCancellationRequested
                ? new TimeoutException($"{Kind} connection to {remote} not established within {_options.ConnectTimeout}", e)
                : e);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _shutdown.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. out of file descriptors: keep listening rather than die.
                _log.Warning("{Kind} {Local}: accept failed: {Error}", Kind, LocalEndPoint, e.Message);
                await Task.Yield();
                continue;
            }
            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        IPEndPoint? remote = null;
        Stream? stream = null;
        var reserved = false;
        try
        {
            socket.NoDelay = true;
            remote = (IPEndPoint)socket.RemoteEndPoint!;
            if (!TryReserveSlot(remote.Address))
            {
                // One address cannot hold every file descriptor: refuse before spending a buffer or a handshake on it.
                Counters.OnDropped();
                _malformed.Record(remote.Address, $"more than {_options.MaxConnectionsPerSource} connections from one address");
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
                return;
            }
            reserved = true;
            stream = new NetworkStream(socket, ownsSocket: true);
            if (Kind == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                cts.CancelAfter(_options.MessageTimeout);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _tls!.ServerCertificate,
                    ClientCertificateRequired = false,
                }, cts.Token).ConfigureAwait(false);
            }
            var connection = new SipStreamConnection(this, stream, remote, (IPEndPoint)socket.LocalEndPoint!, _options);
            _inbound[connection] = remote.Address;
            reserved = false; // the slot is released when the connection closes
            Counters.OnAccepted();
            if (_shutdown.IsCancellationRequested)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }
            // An inbound connection becomes the way back to that peer (RFC 3261 §18.2.2).
            var task = Task.FromResult(connection);
            _ = _connections.AddOrUpdate(remote, task, (_, _) => task);
            connection.Start();
        }
        catch (Exception e)
        {
            Counters.OnClosedOnError();
            if (reserved) ReleaseSlot(remote!.Address);
            if (remote is not null) _malformed.Record(remote.Address, "connection failed during setup: " + e.Message);
            else _log.Warning("{Kind} {Local}: connection failed during setup: {Error}", Kind, LocalEndPoint, e.Message);
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
        }
    }

    /// <summary>A complete frame from a connection: parse, stamp the Via, hand up.</summary>
    internal void OnFrame(SipStreamConnection connection, byte[] frame)
    {
        try
        {
            if (!SipMessageParser.TryParse(frame, _parseOptions, out var message, out var error))
            {
                // The frame had a valid length, so the stream is still in step: drop this message, keep the connection.
                Counters.OnParseError();
                Counters.OnDropped();
                _malformed.Record(connection.Remote.Address, error.ToString());
                return;
            }
            if (message is SipRequest request) SipViaRewriter.StampReceived(request, connection.Remote);
            Counters.OnReceived();
            _deliver(new ReceivedMessage(message, connection.Remote, Kind, connection.Local));
        }
        catch (Exception e)
        {
            Counters.OnDropped();
            _log.Warning("{Kind} {Local}: handling a message from {Remote} failed: {Error}", Kind, LocalEndPoint, connection.Remote, e.Message);
        }
    }

    internal void OnClosed(SipStreamConnection connection, string reason, bool error)
    {
        if (_inbound.TryRemove(connection, out var source)) ReleaseSlot(source);
        if (_connections.TryGetValue(connection.Remote, out var task) && task.IsCompletedSuccessfully && task.Result == connection)
            _connections.TryRemove(new KeyValuePair<IPEndPoint, Task<SipStreamConnection>>(connection.Remote, task));
        if (error)
        {
            Counters.OnClosedOnError();
            _malformed.Record(connection.Remote.Address, "connection closed: " + reason);
        }
        else if (_log.Logger.IsEnabled(LogLevel.Debug))
        {
            _log.Logger.LogDebug("{Kind} {Local}: connection with {Remote} closed: {Reason}", Kind, LocalEndPoint, connection.Remote, reason);
        }
    }

    private bool TryReserveSlot(IPAddress source)
    {
        while (true)
        {
            var current = _inboundPerSource.GetOrAdd(source, 0);
            if (current >= _options.MaxConnectionsPerSource) return false;
            if (_inboundPerSource.TryUpdate(source, current + 1, current)) return true;
        }
    }

    private void ReleaseSlot(IPAddress source)
    {
        while (_inboundPerSource.TryGetValue(source, out var current))
        {
            if (current <= 1 ? _inboundPerSource.TryRemove(new KeyValuePair<IPAddress, int>(source, current))
                             : _inboundPerSource.TryUpdate(source, current - 1, current)) return;
        }
    }

    /// <summary>Inbound connections currently held for <paramref name="source"/>.</summary>
    public int InboundConnectionsFrom(IPAddress source) => _inboundPerSource.TryGetValue(source, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        _shutdown.Cancel();
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop catches everything; nothing to report at shutdown.
        }
        foreach (var entry in _connections)
        {
            if (entry.Value.IsCompletedSuccessfully) await entry.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
        _connections.Clear();
        _malformed.Dispose();
    }
}
