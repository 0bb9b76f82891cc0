using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.1.1 (figure 5): Calling → Proceeding → Completed → Terminated. Over UDP Timer A retransmits the
/// INVITE at T1, doubling; Timer B (64*T1) times out while Calling. A 2xx ends the transaction and goes to the TU;
/// 300–699 is acknowledged here (same branch, the response's To tag) and Timer D (32 s on UDP, 0 on reliable
/// transports) re-sends that ACK for each retransmitted final response. The Accepted state of RFC 6026 is not kept.
/// </summary>
internal sealed class InviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerA, _timerB, _timerD;
    private TimeSpan _interval;
    private SipRequest? _ack;

    public InviteClientTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, Action<SipResponse>? onProvisional = null)
        : base(key, request, reliable, timers, time, send, terminated, onProvisional)
    {
        State = SipTransactionState.Calling;
        _timerA = NewTimer(OnTimerA);
        _timerB = NewTimer(OnTimerB);
        _timerD = NewTimer(Terminate);
    }

    /// <summary>The ACK sent for a non-2xx final response, once there is one.</summary>
    public SipRequest? Ack
    {
        get
        {
            lock (Gate) return _ack;
        }
    }

    protected override void OnStart()
    {
        if (!Reliable)
        {
            _interval = Timers.T1;
            _timerA.Start(_interval);
        }
        _timerB.Start(Timers.TransactionTimeout);
        Send(Request);
    }

    private void OnTimerA()
    {
        if (State != SipTransactionState.Calling) return;
        _interval *= 2;
        _timerA.Start(_interval);
        Send(Request);
    }

    private void OnTimerB()
    {
        if (State != SipTransactionState.Calling) return;
        Complete(ClientTransactionResult.TimedOut);
        Terminate();
    }

    protected override bool OnResponse(SipResponse response)
    {
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Proceeding when response.IsProvisional:
                State = SipTransactionState.Proceeding;
                _timerA.Stop();
                _timerB.Stop();
                return true;
            case SipTransactionState.Calling or SipTransactionState.Proceeding when response.StatusCode < 300:
                Complete(ClientTransactionResult.Final(response));
                Terminate();
                return false;
            case SipTransactionState.Calling or SipTransactionState.Proceeding:
                State = SipTransactionState.Completed;
                _timerA.Stop();
                _timerB.Stop();
                _ack = AckBuilder.ForNonSuccess(Request, response);
                Send(_ack);
                Complete(ClientTransactionResult.Final(response));
                if (Reliable) Terminate();
                else _timerD.Start(Timers.TimerD);
                return false;
            case SipTransactionState.Completed when response.StatusCode >= 300 && _ack is not null:
                Send(_ack); // the final response was retransmitted: our ACK was lost
                return false;
            default:
                return false;
        }
    }
}
