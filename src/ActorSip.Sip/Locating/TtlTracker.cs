namespace ActorSip.Sip.Locating;

/// <summary>The smallest TTL among the records a result was built from: the result is only as fresh as its stalest part.</summary>
internal sealed class TtlTracker(TimeSpan ceiling)
{
    private readonly object _gate = new();

    public TimeSpan Minimum { get; private set; } = ceiling;

    public void Observe(int ttlSeconds)
    {
        var ttl = TimeSpan.FromSeconds(Math.Max(0, ttlSeconds));
        lock (_gate)
        {
            if (ttl < Minimum)
            {
                Minimum = ttl;
            }
        }
    }
}
