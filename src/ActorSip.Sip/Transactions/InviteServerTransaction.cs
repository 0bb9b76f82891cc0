using ActorSip.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.2.1 (figure 7): Proceeding → Completed → Confirmed → Terminated. Sends 100 Trying when the TU has
/// not answered within <see cref="SipTimers.TryingDelay"/>. A 2xx ends the transaction (the TU owns its
/// retransmission; RFC 6026's Accepted state is not kept). A 300–699 is retransmitted per Timer G (T1 doubling up to
/// T2, UDP only) until the ACK arrives or Timer H (64*T1) gives up; Timer I (T4 on UDP) absorbs further ACKs.
/// </summary>
internal sealed class InviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerTrying, _timerG, _timerH, _timerI;
    private TimeSpan _interval;

    public InviteServerTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, ILogger logger)
        : base(key, request, reliable, timers, time, send, terminated, logger)
    {
        State = SipTransactionState.Proceeding;
        _timerTrying = NewTimer(OnTryingTimer);
        _timerG = NewTimer(OnTimerG);
        _timerH = NewTimer(Terminate);
        _timerI = NewTimer(Terminate);
        lock (Gate) _timerTrying.Start(timers.TryingDelay);
    }

    private void OnTryingTimer()
    {
        if (State != SipTransactionState.Proceeding || LastResponse is not null) return;
        LastResponse = SipResponse.For(Request, 100, "Trying");
        Send(LastResponse);
    }

    protected override Task OnRespond(SipResponse response)
    {
        _timerTrying.Stop();
        LastResponse = response;
        var sent = Send(response);
        if (response.IsProvisional) return sent;
        if (response.StatusCode < 300)
        {
            Terminate();
            return sent;
        }
        State = SipTransactionState.Completed;
        if (!Reliable)
        {
            _interval = Timers.T1;
            _timerG.Start(_interval);
        }
        _timerH.Start(Timers.TransactionTimeout);
        return sent;
    }

    private void OnTimerG()
    {
        if (State != SipTransactionState.Completed || LastResponse is null) return;
        _interval = _interval * 2 < Timers.T2 ? _interval * 2 : Timers.T2;
        _timerG.Start(_interval);
        Send(LastResponse);
    }

    protected override void OnRequest(SipRequest request)
    {
        if (request.Method == SipMethods.Ack)
        {
            if (State != SipTransactionState.Completed) return; // Confirmed absorbs further ACKs
            State = SipTransactionState.Confirmed;
            _timerG.Stop();
            _timerH.Stop();
            if (Reliable) Terminate();
            else _timerI.Start(Timers.T4);
            return;
        }
        if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null) Send(LastResponse);
    }
}
