namespace ActorSip.Sip.Tests.Transactions;

/// <summary>
/// Virtual time for tests: nothing moves until the test calls <see cref="Advance"/>, which fires every timer due
/// in between, in due order, on the calling thread, with the clock set to each timer's due time as it fires.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _scheduled = [];
    private readonly DateTimeOffset _start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private DateTimeOffset _now;
    private long _sequence;

    public ManualTimeProvider() => _now = _start;

    /// <summary>Virtual time since the provider was made.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate) return _now - _start;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void AdvanceTo(TimeSpan elapsed) => Advance(elapsed - Elapsed);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                foreach (var t in _scheduled)
                    if (t.Due <= target && (next is null || t.Due < next.Due || t.Due == next.Due && t.Sequence < next.Sequence))
                        next = t;
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.Due > _now) _now = next.Due;
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due += next.Period;
                    next.Sequence = ++_sequence;
                }
                else
                {
                    _scheduled.Remove(next);
                }
            }
            next.Callback(next.State);
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _scheduled.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan) return;
            timer.Due = _now + dueTime;
            timer.Period = period;
            timer.Sequence = ++_sequence;
            _scheduled.Add(timer);
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate) _scheduled.Remove(timer);
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public DateTimeOffset Due { get; set; }
        public TimeSpan Period { get; set; }
        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
