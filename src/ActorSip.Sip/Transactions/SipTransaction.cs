using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// What every transaction shares: a lock, its state, timers on the injected clock, a way to send to its peer and a
/// way to tell its owner it is over. No sockets: the owner passes a send function, so the state machines are
/// tested with a fake one.
/// </summary>
internal abstract class SipTransaction
{
    private readonly Func<SipMessage, ValueTask> _send;
    private readonly Action<SipTransaction> _terminated;
    private readonly List<TransactionTimer> _timers = new(3);

    protected SipTransaction(string key, bool reliable, SipTimers timers, TimeProvider time,
        Func<SipMessage, ValueTask> send, Action<SipTransaction> terminated)
    {
        Key = key;
        Reliable = reliable;
        Timers = timers;
        Time = time;
        _send = send;
        _terminated = terminated;
    }

    protected Lock Gate { get; } = new();

    public string Key { get; }

    public bool Reliable { get; }

    protected SipTimers Timers { get; }

    protected TimeProvider Time { get; }

    public SipTransactionState State { get; protected set; }

    protected TransactionTimer NewTimer(Action onFire)
    {
        var timer = new TransactionTimer(Time, Gate, onFire);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Hands a message to the transport. A failure, now or later, reaches <see cref="OnTransportError"/>
    /// on another turn (never re-entering the caller); the returned task lets a caller await the send itself.</summary>
    protected Task Send(SipMessage message)
    {
        Task task;
        try
        {
            task = _send(message).AsTask();
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        if (!task.IsCompletedSuccessfully) _ = ObserveAsync(task);
        return task;
    }

    private async Task ObserveAsync(Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        if (task.Exception is not { } failure) return;
        lock (Gate)
        {
            if (State != SipTransactionState.Terminated) OnTransportError(failure.InnerException ?? failure);
        }
    }

    /// <summary>RFC 3261 §17.1.4 / §17.2.4: a transport failure ends the transaction. Called under the lock.</summary>
    protected abstract void OnTransportError(Exception error);

    /// <summary>Stops every timer and tells the owner to forget the transaction. Call under the lock.</summary>
    protected void Terminate()
    {
        if (State == SipTransactionState.Terminated) return;
        State = SipTransactionState.Terminated;
        foreach (var t in _timers) t.Stop();
        _terminated(this);
    }
}
