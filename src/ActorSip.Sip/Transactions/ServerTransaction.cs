using ActorSip.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Transactions;

/// <summary>A request we received and the responses the TU gives it (RFC 3261 §17.2).</summary>
internal abstract class ServerTransaction : SipTransaction
{
    private readonly ILogger _logger;

    protected ServerTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, ILogger logger)
        : base(key, reliable, timers, time, send, terminated)
    {
        Request = request;
        _logger = logger;
    }

    public SipRequest Request { get; }

    /// <summary>The last response sent, re-sent when the request is retransmitted.</summary>
    protected SipResponse? LastResponse { get; set; }

    /// <summary>True once a final response has been given.</summary>
    public bool IsAnswered
    {
        get
        {
            lock (Gate) return LastResponse is { IsProvisional: false };
        }
    }

    /// <summary>The TU's response. Throws if a final response was already sent.</summary>
    public Task Respond(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
                throw new InvalidOperationException($"the transaction for {Request.Method} is {State}: a final response was already sent");
            return OnRespond(response);
        }
    }

    /// <summary>The same request arrived again (or, for INVITE, its ACK).</summary>
    public void ReceiveRequest(SipRequest request)
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Terminated) OnRequest(request);
        }
    }

    protected abstract Task OnRespond(SipResponse response);

    protected abstract void OnRequest(SipRequest request);

    protected override void OnTransportError(Exception error)
    {
        _logger.LogWarning("{Method} server transaction {Key}: transport error, giving up: {Error}", Request.Method, Key, error.Message);
        Terminate();
    }
}
