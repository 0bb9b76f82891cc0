using ActorSip.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.2.2 (figure 8): Trying → Proceeding → Completed → Terminated. Retransmitted requests are absorbed:
/// in Proceeding and Completed the last response is sent again, and the TU never sees them. Timer J (64*T1 on UDP,
/// 0 on reliable transports) keeps the Completed state.
/// </summary>
internal sealed class NonInviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerJ;

    public NonInviteServerTransaction(string key, SipRequest request, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated, ILogger logger)
        : base(key, request, reliable, timers, time, send, terminated, logger)
    {
        State = SipTransactionState.Trying;
        _timerJ = NewTimer(Terminate);
    }

    protected override Task OnRespond(SipResponse response)
    {
        LastResponse = response;
        var sent = Send(response);
        if (response.IsProvisional)
        {
            State = SipTransactionState.Proceeding;
            return sent;
        }
        State = SipTransactionState.Completed;
        if (Reliable) Terminate();
        else _timerJ.Start(Timers.TransactionTimeout);
        return sent;
    }

    protected override void OnRequest(SipRequest request)
    {
        // Trying: nothing to repeat yet; the TU is still working.
        if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null) Send(LastResponse);
    }
}
