namespace ActorSip.Sip.Transport;

/// <summary>What a transport has seen, for operators and tests. Updated without locks; read any time.</summary>
public sealed class SipTransportCounters
{
    private long _received, _parseErrors, _dropped, _sent, _sendErrors;
    private long _accepted, _connected, _closedOnError, _keepAlives;

    /// <summary>Messages parsed and handed up.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams or framed stream messages the parser refused.</summary>
    public long ParseErrors => Interlocked.Read(ref _parseErrors);

    /// <summary>Input thrown away for any reason (parse errors, empty datagrams, oversized input, no handler).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Sent => Interlocked.Read(ref _sent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    public long ConnectionsOpened => Interlocked.Read(ref _connected);

    /// <summary>Stream connections closed because of a framing error, a timeout or an I/O error.</summary>
    public long ConnectionsClosedOnError => Interlocked.Read(ref _closedOnError);

    /// <summary>RFC 5626 CRLFCRLF pings answered with a CRLF pong.</summary>
    public long KeepAlivesAnswered => Interlocked.Read(ref _keepAlives);

    internal void OnReceived() => Interlocked.Increment(ref _received);
    internal void OnParseError() => Interlocked.Increment(ref _parseErrors);
    internal void OnDropped() => Interlocked.Increment(ref _dropped);
    internal void OnSent() => Interlocked.Increment(ref _sent);
    internal void OnSendError() => Interlocked.Increment(ref _sendErrors);
    internal void OnAccepted() => Interlocked.Increment(ref _accepted);
    internal void OnConnected() => Interlocked.Increment(ref _connected);
    internal void OnClosedOnError() => Interlocked.Increment(ref _closedOnError);
    internal void OnKeepAlive() => Interlocked.Increment(ref _keepAlives);

    public override string ToString() =>
        $"received={Received} parseErrors={ParseErrors} dropped={Dropped} sent={Sent} sendErrors={SendErrors} " +
        $"accepted={ConnectionsAccepted} opened={ConnectionsOpened} closedOnError={ConnectionsClosedOnError} keepAlives={KeepAlivesAnswered}";
}
