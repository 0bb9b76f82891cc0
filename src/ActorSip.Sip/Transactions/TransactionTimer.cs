namespace ActorSip.Sip.Transactions;

/// <summary>
/// One named RFC 3261 timer of a transaction, on the injected <see cref="TimeProvider"/>. Restarting or stopping it
/// makes a callback already on its way a no-op, so a timer never fires for a state it no longer belongs to.
/// The callback runs under the transaction's lock.
/// </summary>
internal sealed class TransactionTimer(TimeProvider time, Lock gate, Action onFire)
{
    private ITimer? _timer;
    private int _generation;

    public bool Running => _timer is not null;

    /// <summary>Call under the transaction lock.</summary>
    public void Start(TimeSpan due)
    {
        Stop();
        var generation = _generation;
        _timer = time.CreateTimer(_ => Fire(generation), null, due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Call under the transaction lock.</summary>
    public void Stop()
    {
        _generation++;
        _timer?.Dispose();
        _timer = null;
    }

    private void Fire(int generation)
    {
        lock (gate)
        {
            if (generation != _generation) return;
            _timer?.Dispose();
            _timer = null;
            onFire();
        }
    }
}
