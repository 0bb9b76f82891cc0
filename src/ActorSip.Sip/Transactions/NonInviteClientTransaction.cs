using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.1.2 (figure 6): Trying → Proceeding → Completed → Terminated. Over UDP Timer E retransmits at T1,
/// doubling up to T2 (at T2 once a provisional arrived); Timer F (64*T1) times out; Timer K (T4) absorbs response
/// retransmissions. Reliable transports retransmit nothing and end at once on a final response.
/// </summary>
internal sealed class NonInviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerE, _timerF, _timerK;
    private TimeSpan _interval;

    public NonInviteClientTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, Action<SipResponse>? onProvisional = null)
        : base(key, request, reliable, timers, time, send, terminated, onProvisional)
    {
        State = SipTransactionState.Trying;
        _timerE = NewTimer(OnTimerE);
        _timerF = NewTimer(OnTimerF);
        _timerK = NewTimer(Terminate);
    }

    protected override void OnStart()
    {
        if (!Reliable)
        {
            _interval = Timers.T1;
            _timerE.Start(_interval);
        }
        _timerF.Start(Timers.TransactionTimeout);
        Send(Request);
    }

    private void OnTimerE()
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding)) return;
        _interval = State == SipTransactionState.Proceeding ? Timers.T2 : Min(_interval * 2, Timers.T2);
        _timerE.Start(_interval);
        Send(Request);
    }

    private void OnTimerF()
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding)) return;
        Complete(ClientTransactionResult.TimedOut);
        Terminate();
    }

    protected override bool OnResponse(SipResponse response)
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding)) return false; // Completed absorbs
        if (response.IsProvisional)
        {
            State = SipTransactionState.Proceeding;
            return true;
        }
        State = SipTransactionState.Completed;
        _timerE.Stop();
        _timerF.Stop();
        Complete(ClientTransactionResult.Final(response));
        if (Reliable) Terminate();
        else _timerK.Start(Timers.T4);
        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
