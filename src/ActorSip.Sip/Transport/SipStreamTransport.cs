using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorSip.Sip.Transport;

/// <summary>
/// SIP over TCP or TLS (RFC 3261 §18, §26): a listener (or, for a TLS client, none) plus a pool of connections keyed
/// by remote endpoint and TLS server name, holding both the connections peers opened to us and the ones we opened.
/// Sending to an endpoint reuses its connection, so responses to a request go back over the connection it came on
/// (§18.2.2), and every request to a registrar shares one connection (RFC 5923 style); when a connection we opened
/// is lost, <see cref="ConnectionLost"/> says so.
/// </summary>
public sealed class SipStreamTransport : ISipTransport
{
    private readonly Socket? _listener;
    private readonly Action<ReceivedMessage> _deliver;
    private readonly SipTransportOptions _options;
    private readonly SipTlsOptions? _tls;
    private readonly SipParseOptions _parseOptions;
    private readonly RateLimitedLog _log;
    private readonly MalformedTrafficLog _malformed;
    private readonly ConcurrentDictionary<IPAddress, int> _inboundPerSource = new();
    private readonly ConcurrentDictionary<SipStreamConnection, IPAddress> _inbound = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ConnectionKey, Task<SipStreamConnection>> _connections = new();
    private readonly Task _acceptLoop;

    private SipStreamTransport(SipTransportKind kind, Socket? listener, IPEndPoint local, Action<ReceivedMessage> deliver,
        SipTransportOptions options, SipTlsOptions? tls, ILogger logger)
    {
        Kind = kind;
        _listener = listener;
        _deliver = deliver;
        _options = options;
        _tls = tls;
        _parseOptions = SipParseOptions.Stream with { MaxMessageSize = options.MaxMessageSize };
        _log = new RateLimitedLog(logger);
        LocalEndPoint = local;
        _malformed = new MalformedTrafficLog(logger, $"{kind.ToString().ToUpperInvariant()} {LocalEndPoint}");
        _acceptLoop = listener is null ? Task.CompletedTask : Task.Run(AcceptLoopAsync);
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

    /// <summary>TLS for outbound connections only (registering over TLS needs no certificate of our own).
    /// <paramref name="sentBy"/> is what our Via carries: no one can connect to it over TLS, replies come back over
    /// the connection the request went out on.</summary>
    public static SipStreamTransport ConnectTls(IPEndPoint sentBy, SipTlsOptions? tls, Action<ReceivedMessage> deliver,
        SipTransportOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sentBy);
        ArgumentNullException.ThrowIfNull(deliver);
        return new SipStreamTransport(SipTransportKind.Tls, null, sentBy, deliver, options ?? SipTransportOptions.Default,
            tls ?? new SipTlsOptions(), logger ?? NullLogger.Instance);
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
            return new SipStreamTransport(kind, socket, (IPEndPoint)socket.LocalEndPoint!, deliver, options ?? SipTransportOptions.Default, tls,
                logger ?? NullLogger.Instance);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public SipTransportKind Kind { get; }

    /// <summary>False for a TLS client transport (<see cref="ConnectTls"/>): it accepts no connections.</summary>
    public bool IsListening => _listener is not null;

    /// <summary>A connection this transport opened ended without our closing it (peer close, reset, I/O error).
    /// Raised on the connection's read loop; keep it short.</summary>
    public event Action<SipConnectionLost>? ConnectionLost;

    public IPEndPoint LocalEndPoint { get; }

    public bool IsReliable => true;

    public SipTransportCounters Counters { get; } = new();

    /// <summary>Open connections (inbound and outbound).</summary>
    public int ConnectionCount => _connections.Count;

    public ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken ct = default) =>
        SendAsync(message, remote, null, ct);

    /// <summary>Sends over the connection to <paramref name="remote"/> opened for <paramref name="serverName"/>, or
    /// opens one; over TLS the server's certificate must be valid for that name (SNI too). Without a name, any
    /// connection to the endpoint (e.g. the one a request came in on) is used, and a new TLS connection checks the
    /// address literal (or <see cref="SipTlsOptions.TargetHost"/>).</summary>
    public async ValueTask SendAsync(SipMessage message, IPEndPoint remote, string? serverName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remote);
        var bytes = message.ToBytes();
        try
        {
            var connection = await GetOrConnectAsync(remote, Kind == SipTransportKind.Tls ? serverName : null, ct).ConfigureAwait(false);
            await connection.SendAsync(bytes, ct).ConfigureAwait(false);
            Counters.OnSent();
        }
        catch
        {
            Counters.OnSendError();
            throw;
        }
    }

    private Task<SipStreamConnection> GetOrConnectAsync(IPEndPoint remote, string? serverName, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        var key = new ConnectionKey(remote, serverName);
        while (true)
        {
            var found = key;
            if (_connections.TryGetValue(key, out var existing) || serverName is null && TryAnyTo(remote, out found, out existing))
            {
                // A connect that failed is forgotten so the next send tries again.
                if (!existing.IsFaulted && !existing.IsCanceled) return existing.WaitAsync(ct);
                _connections.TryRemove(new KeyValuePair<ConnectionKey, Task<SipStreamConnection>>(found, existing));
                continue;
            }
            var pending = new TaskCompletionSource<SipStreamConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_connections.TryAdd(key, pending.Task)) continue;
            _ = ConnectAsync(key, pending);
            return pending.Task.WaitAsync(ct);
        }
    }

    /// <summary>A connection to that endpoint under any server name (a response goes back over whichever we have).</summary>
    private bool TryAnyTo(IPEndPoint remote, out ConnectionKey key, out Task<SipStreamConnection> connection)
    {
        foreach (var entry in _connections)
        {
            if (!entry.Key.Remote.Equals(remote)) continue;
            (key, connection) = (entry.Key, entry.Value);
            return true;
        }
        (key, connection) = (default, null!);
        return false;
    }

    private async Task ConnectAsync(ConnectionKey key, TaskCompletionSource<SipStreamConnection> pending)
    {
        var remote = key.Remote;
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
                await AuthenticateAsClientAsync(ssl, remote, key.ServerName, cts.Token).ConfigureAwait(false);
            }
            var connection = new SipStreamConnection(this, stream, remote, (IPEndPoint)socket.LocalEndPoint!, _options)
            {
                Key = key, Outbound = true,
            };
            Counters.OnConnected();
            connection.Start();
            pending.TrySetResult(connection);
        }
        catch (Exception e)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            _connections.TryRemove(new KeyValuePair<ConnectionKey, Task<SipStreamConnection>>(key, pending.Task));
            pending.TrySetException(e is OperationCanceledException && !_shutdown.IsCancellationRequested
                ? new TimeoutException($"{Kind} connection to {remote} not established within {_options.ConnectTimeout}", e)
                : e);
        }
    }

    /// <summary>The handshake, with the platform's chain and name check (system store or the configured roots) unless
    /// the options replace it; a refused certificate becomes a <see cref="SipTlsCertificateException"/> saying why.</summary>
    private async Task AuthenticateAsClientAsync(SslStream ssl, IPEndPoint remote, string? serverName, CancellationToken ct)
    {
        var host = serverName ?? _tls?.TargetHost?.Invoke(remote) ?? SipAddressText.Bare(remote.Address);
        string? refusal = null;
        var custom = _tls?.ServerCertificateValidation;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                CertificateChainPolicy = SipTlsValidation.Policy(_tls),
                RemoteCertificateValidationCallback = custom ?? ((_, certificate, chain, errors) =>
                {
                    refusal = SipTlsValidation.Refusal(host, certificate, chain, errors);
                    return refusal is null;
                }),
                ClientCertificates = _tls?.ClientCertificates,
            }, ct).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (refusal is not null || custom is not null)
        {
            throw new SipTlsCertificateException(host, refusal ?? "refused by the configured check", e);
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
                socket = await _listener!.AcceptAsync(ct).ConfigureAwait(false);
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
            var connection = new SipStreamConnection(this, stream, remote, (IPEndPoint)socket.LocalEndPoint!, _options)
            {
                Key = new ConnectionKey(remote, null),
            };
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
            _ = _connections.AddOrUpdate(connection.Key, task, (_, _) => task);
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

    internal void OnClosed(SipStreamConnection connection, string reason, bool error, bool byUs)
    {
        if (_inbound.TryRemove(connection, out var source)) ReleaseSlot(source);
        if (_connections.TryGetValue(connection.Key, out var task) && task.IsCompletedSuccessfully && task.Result == connection)
            _connections.TryRemove(new KeyValuePair<ConnectionKey, Task<SipStreamConnection>>(connection.Key, task));
        if (connection.Outbound && !byUs && !_shutdown.IsCancellationRequested)
        {
            try
            {
                ConnectionLost?.Invoke(new SipConnectionLost(Kind, connection.Remote, connection.Key.ServerName, reason));
            }
            catch (Exception e)
            {
                _log.Warning("{Kind} {Local}: a connection-lost handler failed: {Error}", Kind, LocalEndPoint, e.Message);
            }
        }
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
        _listener?.Dispose();
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

/// <summary>Connections are shared per remote endpoint and, for TLS, per server name: a connection whose certificate
/// was checked for one registrar's name never carries another name's requests.</summary>
internal readonly record struct ConnectionKey(IPEndPoint Remote, string? ServerName);
