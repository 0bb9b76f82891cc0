using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorSip.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18): one socket and one receive loop. Each datagram is copied into an exact-size array
/// (the parser keeps a reference to it), parsed as a datagram, and handed up; anything that fails is counted and
/// dropped, and no input or socket error ends the loop — only disposal does.
/// </summary>
public sealed class SipUdpTransport : ISipTransport
{
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly Action<ReceivedMessage> _deliver;
    private readonly SipParseOptions _parseOptions;
    private readonly RateLimitedLog _log;
    private readonly MalformedTrafficLog _malformed;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _receiveLoop;

    private SipUdpTransport(Socket socket, Action<ReceivedMessage> deliver, SipTransportOptions options, ILogger logger)
    {
        _socket = socket;
        _deliver = deliver;
        _parseOptions = SipParseOptions.Datagram with { MaxMessageSize = Math.Min(options.MaxMessageSize, MaxDatagram) };
        _log = new RateLimitedLog(logger);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _malformed = new MalformedTrafficLog(logger, $"UDP {LocalEndPoint}");
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Binds a socket on <paramref name="local"/> (port 0 picks a free port) and starts receiving.</summary>
    public static SipUdpTransport Bind(IPEndPoint local, Action<ReceivedMessage> deliver,
        SipTransportOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(deliver);
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            IgnoreIcmpResets(socket);
            socket.ReceiveBufferSize = Math.Max(socket.ReceiveBufferSize, 1 << 20);
            socket.Bind(local);
            return new SipUdpTransport(socket, deliver, options ?? SipTransportOptions.Default, logger ?? NullLogger.Instance);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public IPEndPoint LocalEndPoint { get; }

    public bool IsReliable => false;

    public SipTransportCounters Counters { get; } = new();

    public async ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remote);
        var bytes = message.ToBytes();
        try
        {
            await _socket.SendToAsync(bytes, SocketFlags.None, remote, ct).ConfigureAwait(false);
            Counters.OnSent();
        }
        catch
        {
            Counters.OnSendError();
            throw;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var ct = _shutdown.Token;
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port unreachable for an earlier send (Windows), or a datagram larger than our buffer.
                Counters.OnDropped();
                continue;
            }
            catch (Exception e)
            {
                if (ct.IsCancellationRequested) return;
                Counters.OnDropped();
                _log.Warning("UDP {Local}: receive failed: {Error}", LocalEndPoint, e.Message);
                await Task.Yield();
                continue;
            }
            Handle(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            // RFC 5626 §4.4.1: a bare CRLF (or CRLFCRLF) datagram is a keep-alive, not garbage.
            if (datagram.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0)
            {
                if (datagram.Length == 0) Counters.OnDropped();
                return;
            }
            var data = datagram.ToArray();
            if (!SipMessageParser.TryParse(data, _parseOptions, out var message, out var error))
            {
                Counters.OnParseError();
                Counters.OnDropped();
                _malformed.Record(remote.Address, error.ToString());
                return;
            }
            if (message is SipRequest request) SipViaRewriter.StampReceived(request, remote);
            Counters.OnReceived();
            _deliver(new ReceivedMessage(message, remote, SipTransportKind.Udp, LocalEndPoint));
        }
        catch (Exception e)
        {
            // The handler above us failed; the socket keeps serving.
            Counters.OnDropped();
            _log.Warning("UDP {Local}: handling a message from {Remote} failed: {Error}", LocalEndPoint, remote, e.Message);
        }
    }

    /// <summary>Windows reports ICMP port unreachable as a reset on the next receive; turn that off where supported.</summary>
    private static void IgnoreIcmpResets(Socket socket)
    {
        if (!OperatingSystem.IsWindows()) return;
        const int SioUdpConnReset = unchecked((int)0x9800000C);
        try
        {
            socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
        }
        catch (SocketException)
        {
            // Not fatal: resets are caught in the receive loop as well.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        _shutdown.Cancel();
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop catches everything; nothing to report at shutdown.
        }
        _malformed.Dispose();
        _shutdown.Dispose();
    }
}
