using System.Net;

namespace ActorSip.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: a read loop feeding a <see cref="SipStreamFramer"/>, and serialized writes.
/// Closes itself on end of stream, a framing error, an idle timeout, or a message that does not complete within the
/// message timeout (slowloris guard); the owner is told so it can forget the connection.
/// </summary>
internal sealed class SipStreamConnection : IAsyncDisposable
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();

    private readonly SipStreamTransport _owner;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly SipStreamFramer _framer;
    private readonly SipTransportOptions _options;
    private Task _readLoop = Task.CompletedTask;
    private int _closed;
    private string? _writeFailure;

    public SipStreamConnection(SipStreamTransport owner, Stream stream, IPEndPoint remote, IPEndPoint local, SipTransportOptions options)
    {
        _owner = owner;
        _stream = stream;
        _options = options;
        Remote = remote;
        Local = local;
        _framer = new SipStreamFramer(options.MaxHeaderBytes, options.MaxMessageSize);
    }

    public IPEndPoint Remote { get; }

    /// <summary>Where the owner's pool holds this connection.</summary>
    public ConnectionKey Key { get; init; }

    /// <summary>We opened it (to a registrar), rather than accepted it.</summary>
    public bool Outbound { get; init; }

    public IPEndPoint Local { get; }

    /// <summary>Completes when the connection has closed.</summary>
    public Task Completion => _readLoop;

    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed != 0, this);
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (_closed == 0)
        {
            _writeFailure = e.Message;
            Close(); // a failed write leaves the stream in an unknown state
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason = "closed by peer";
        var error = false;
        var byUs = false;
        long? messageStarted = null;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var timeout = messageStarted is { } started
                    ? _options.MessageTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - started)
                    : _options.IdleTimeout;
                if (timeout <= TimeSpan.Zero)
                {
                    (reason, error) = ($"message not completed within {_options.MessageTimeout}", true);
                    break;
                }
                int read;
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token))
                {
                    cts.CancelAfter(timeout);
                    try
                    {
                        read = await _stream.ReadAsync(_framer.GetWriteMemory(), cts.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
                    {
                        (reason, error, byUs) = messageStarted is null
                            ? ($"idle for {_options.IdleTimeout}", false, true)
                            : ($"message not completed within {_options.MessageTimeout}", true, false);
                        break;
                    }
                }
                if (read == 0) break;
                _framer.Advance(read);

                var completedOne = false;
                while (true)
                {
                    var frame = _framer.Next();
                    if (frame.Kind == SipStreamFrameKind.NeedMore) break;
                    if (frame.Kind == SipStreamFrameKind.Error)
                    {
                        (reason, error) = ("framing error: " + frame.Error, true);
                        return;
                    }
                    if (frame.Kind == SipStreamFrameKind.Ping)
                    {
                        _owner.Counters.OnKeepAlive();
                        await SendAsync(Pong, _closing.Token).ConfigureAwait(false);
                        continue;
                    }
                    completedOne = true;
                    _owner.OnFrame(this, frame.Message!);
                }
                if (!_framer.MessageInProgress) messageStarted = null;
                else if (messageStarted is null || completedOne) messageStarted = Environment.TickCount64;
            }
        }
        catch (Exception e) when (!_closing.IsCancellationRequested)
        {
            (reason, error) = ("I/O error: " + e.Message, true);
        }
        catch (Exception)
        {
            reason = "transport shut down";
        }
        finally
        {
            if (_writeFailure is not null && !error) (reason, error) = ("write failed: " + _writeFailure, true);
            else if (_closing.IsCancellationRequested && !error) (reason, byUs) = ("closed locally", true);
            _owner.OnClosed(this, reason, error, byUs);
            Close();
        }
    }

    /// <summary>Closes the stream; the read loop ends on its own.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception)
        {
            // Disposing a broken TLS stream can throw; the socket is gone either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop reports its own errors.
        }
    }
}
