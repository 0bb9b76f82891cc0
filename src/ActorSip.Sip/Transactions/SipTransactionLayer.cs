using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// RFC 3261 §17 between the transports and the TU. The TU sends a request with <see cref="SendRequestAsync"/> and
/// gets its final response, a timeout or a transport error; incoming requests reach <see cref="RequestReceived"/>
/// once each (retransmissions are absorbed by their server transaction) and are answered through
/// <see cref="IncomingRequest.RespondAsync(SipResponse)"/>. Timers run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class SipTransactionLayer
{
    private readonly ISipMessageSender _sender;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private long _strayResponses;

    public SipTransactionLayer(ISipMessageSender sender, SipTimers? timers = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Timers = timers ?? SipTimers.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        SentBy = new SipSentBy(sender);
    }

    /// <summary>Wires itself to receive everything the transport layer receives.</summary>
    public SipTransactionLayer(SipTransportLayer transports, SipTimers? timers = null, TimeProvider? time = null, ILogger? logger = null)
        : this((ISipMessageSender)transports, timers, time, logger)
    {
        transports.MessageReceived = Receive;
    }

    public SipTimers Timers { get; }

    /// <summary>What our Via's sent-by says toward a target (advertised address, or the local address for a
    /// wildcard listener); by default the bound address, a wildcard replaced by the route's source address.</summary>
    public SipSentBy SentBy { get; set; }

    /// <summary>The TU's handler for new requests; called on a transport's receive loop, so hand off long work.
    /// Without a handler, requests are answered 501. If the handler throws before answering, 500 is sent.</summary>
    public Action<IncomingRequest>? RequestReceived { get; set; }

    /// <summary>Responses that match no client transaction (e.g. 2xx retransmissions for an INVITE), for the TU.</summary>
    public Action<ReceivedMessage>? UnmatchedResponse { get; set; }

    public int ClientTransactionCount => _clients.Count;

    public int ServerTransactionCount => _servers.Count;

    /// <summary>Responses dropped because no client transaction matched and no handler took them.</summary>
    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    /// <summary>
    /// Sends <paramref name="request"/> in a new client transaction to <paramref name="target"/> over
    /// <paramref name="transport"/>. Adds our Via (with rport) when the request has none, and a fresh branch when its
    /// top Via has no RFC 3261 branch. Completes with the final response, <see cref="ClientTransactionOutcome.Timeout"/>
    /// or <see cref="ClientTransactionOutcome.TransportError"/>; never faults for those. Cancelling stops
    /// retransmissions and cancels the task (it does not send CANCEL). Over TLS, <paramref name="serverName"/> is the
    /// name the server's certificate must be valid for (and the SNI); null: the address literal.
    /// </summary>
    public Task<ClientTransactionResult> SendRequestAsync(SipRequest request, IPEndPoint target, SipTransportKind transport,
        CancellationToken ct = default, Action<SipResponse>? onProvisional = null, string? serverName = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (request.Method == SipMethods.Ack)
            throw new ArgumentException("ACK is not sent in a transaction; use SendStatelessAsync", nameof(request));
        if (request.CSeq is not { } cseq || cseq.Method != request.Method)
            throw new ArgumentException("the request needs a CSeq whose method is the request's", nameof(request));
        ct.ThrowIfCancellationRequested();

        PrepareVia(request, target, transport);
        var key = SipTransactionKeys.Client(request)!;
        var reliable = _sender.IsReliable(transport);
        Func<SipMessage, ValueTask> send = m => _sender.SendAsync(m, target, transport, serverName);
        ClientTransaction tx = request.Method == SipMethods.Invite
            ? new InviteClientTransaction(key, request, reliable, Timers, _time, send, Forget, onProvisional)
            : new NonInviteClientTransaction(key, request, reliable, Timers, _time, send, Forget, onProvisional);
        if (!_clients.TryAdd(key, tx))
            throw new InvalidOperationException($"a client transaction with branch {request.TopVia!.Branch} and method {cseq.Method} is already running");
        if (ct.CanBeCanceled)
        {
            var registration = ct.Register(static s => ((ClientTransaction)s!).Abandon(), tx);
            _ = tx.Result.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        tx.Start();
        return tx.Result;
    }

    /// <summary>Sends outside any transaction: an ACK for a 2xx, or a stateless response.</summary>
    public ValueTask SendStatelessAsync(SipMessage message, IPEndPoint target, SipTransportKind transport, CancellationToken ct = default) =>
        _sender.SendAsync(message, target, transport, ct);

    /// <summary>Our Via for <paramref name="kind"/> and the target's address family: the bound address and port as
    /// sent-by, a fresh branch unless given, and <c>rport</c> (RFC 3581) so NATed responses find their way back.</summary>
    public ViaHeader CreateVia(SipTransportKind kind, AddressFamily family, string? branch = null)
    {
        var local = _sender.LocalEndPointFor(kind, family)
                    ?? throw new SipTransportException($"no {kind} transport bound for {family}");
        return ViaHeader.Create(kind, SipAddressText.Host(local.Address), local.Port, branch ?? SipBranch.New());
    }

    /// <summary>Our Via for a request to <paramref name="target"/>: sent-by from <see cref="SentBy"/>, a fresh branch
    /// unless given, and <c>rport</c>.</summary>
    public ViaHeader CreateVia(SipTransportKind kind, IPEndPoint target, string? branch = null)
    {
        var (host, port) = SentBy.For(kind, target)
                           ?? throw new SipTransportException($"no {kind} transport bound for {target.AddressFamily}");
        return ViaHeader.Create(kind, host, port, branch ?? SipBranch.New());
    }

    private void PrepareVia(SipRequest request, IPEndPoint target, SipTransportKind transport)
    {
        var top = request.TopVia;
        if (top is null)
        {
            SipViaRewriter.ReplaceTop(request, CreateVia(transport, target));
            return;
        }
        if (!top.HasRfc3261Branch)
            SipViaRewriter.ReplaceTop(request, top with { Parameters = top.Parameters.With("branch", SipBranch.New()) });
    }

    /// <summary>Entry point for everything the transports receive.</summary>
    public void Receive(ReceivedMessage received)
    {
        ArgumentNullException.ThrowIfNull(received);
        switch (received.Message)
        {
            case SipResponse response:
                ReceiveResponse(response, received);
                break;
            case SipRequest request:
                ReceiveRequest(request, received);
                break;
        }
    }

    private void ReceiveResponse(SipResponse response, ReceivedMessage received)
    {
        if (SipTransactionKeys.Client(response) is { } key && _clients.TryGetValue(key, out var tx))
        {
            tx.ReceiveResponse(response);
            return;
        }
        if (UnmatchedResponse is { } handler) handler(received);
        else Interlocked.Increment(ref _strayResponses);
    }

    private void ReceiveRequest(SipRequest request, ReceivedMessage received)
    {
        var key = SipTransactionKeys.Server(request);
        if (key is null) return; // the parser guarantees Via and CSeq; nothing to match without them
        if (_servers.TryGetValue(key, out var existing))
        {
            // A retransmission, or the ACK of a non-2xx final response: the transaction deals with it, the TU never sees it.
            existing.ReceiveRequest(request);
            return;
        }
        if (request.Method == SipMethods.Ack)
        {
            // ACK for a 2xx: end-to-end, no transaction (§17.1.1.3); the TU gets it as it is.
            Deliver(new IncomingRequest(request, received.Remote, received.Transport, received.Local, null));
            return;
        }

        var reliable = _sender.IsReliable(received.Transport);
        var target = SipResponseTarget.For(request, received.Remote, reliable);
        var kind = received.Transport;
        Func<SipMessage, ValueTask> send = m => _sender.SendAsync(m, target, kind);
        ServerTransaction tx = request.Method == SipMethods.Invite
            ? new InviteServerTransaction(key, request, reliable, Timers, _time, send, Forget, _logger)
            : new NonInviteServerTransaction(key, request, reliable, Timers, _time, send, Forget, _logger);
        if (!_servers.TryAdd(key, tx))
        {
            // The same request arrived twice at once on two threads: the winner handles it.
            if (_servers.TryGetValue(key, out existing)) existing.ReceiveRequest(request);
            return;
        }
        Deliver(new IncomingRequest(request, received.Remote, received.Transport, received.Local, tx));
    }

    private void Deliver(IncomingRequest incoming)
    {
        var handler = RequestReceived;
        try
        {
            if (handler is null)
            {
                if (incoming.CanRespond) _ = incoming.RespondAsync(501, "Not Implemented");
                return;
            }
            handler(incoming);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "TU failed on {Method} from {Remote}", incoming.Request.Method, incoming.Remote);
            if (incoming.CanRespond && !incoming.IsAnswered)
            {
                try
                {
                    _ = incoming.RespondAsync(500, "Server Internal Error");
                }
                catch (InvalidOperationException)
                {
                    // Answered meanwhile.
                }
            }
        }
    }

    private void Forget(SipTransaction tx)
    {
        switch (tx)
        {
            case ClientTransaction c:
                _clients.TryRemove(new KeyValuePair<string, ClientTransaction>(c.Key, c));
                break;
            case ServerTransaction s:
                _servers.TryRemove(new KeyValuePair<string, ServerTransaction>(s.Key, s));
                break;
        }
    }
}
