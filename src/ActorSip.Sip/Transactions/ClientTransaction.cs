using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>A request we sent and its way to a final response, timeout or transport error (RFC 3261 §17.1).</summary>
internal abstract class ClientTransaction : SipTransaction
{
    private readonly TaskCompletionSource<ClientTransactionResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<SipResponse>? _onProvisional;

    protected ClientTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, Action<SipResponse>? onProvisional)
        : base(key, reliable, timers, time, send, terminated)
    {
        Request = request;
        _onProvisional = onProvisional;
    }

    public SipRequest Request { get; }

    public Task<ClientTransactionResult> Result => _result.Task;

    /// <summary>Sends the request and starts the timers.</summary>
    public void Start()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Terminated) OnStart(); // abandoned before it started
        }
    }

    public void ReceiveResponse(SipResponse response)
    {
        var provisional = false;
        lock (Gate)
        {
            if (State == SipTransactionState.Terminated) return;
            provisional = OnResponse(response);
        }
        // Outside the lock: the TU may do anything in its callback.
        if (provisional) _onProvisional?.Invoke(response);
    }

    /// <summary>The caller gave up (cancellation): stop retransmitting and forget the transaction.</summary>
    public void Abandon()
    {
        lock (Gate)
        {
            Terminate();
            _result.TrySetCanceled();
        }
    }

    protected abstract void OnStart();

    /// <summary>Under the lock. Returns true when the response is a provisional one to pass to the TU.</summary>
    protected abstract bool OnResponse(SipResponse response);

    protected void Complete(ClientTransactionResult result) => _result.TrySetResult(result);

    protected override void OnTransportError(Exception error)
    {
        Complete(ClientTransactionResult.Failed(error));
        Terminate();
    }
}
