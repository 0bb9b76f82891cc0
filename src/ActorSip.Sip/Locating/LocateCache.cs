using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ActorSip.Sip.Locating;

/// <summary>Successful results kept until the smallest TTL of the records behind them runs out.</summary>
internal sealed class LocateCache
{
    private readonly ConcurrentDictionary<SipTargetSpec, Entry> _entries = new();

    public bool TryGet(SipTargetSpec spec, DateTimeOffset now, [NotNullWhen(true)] out LocateResult? result)
    {
        if (_entries.TryGetValue(spec, out var entry))
        {
            if (now < entry.ExpiresAt)
            {
                result = entry.Result;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<SipTargetSpec, Entry>(spec, entry));
        }

        result = null;
        return false;
    }

    public void Store(SipTargetSpec spec, LocateResult result, DateTimeOffset expiresAt) =>
        _entries[spec] = new Entry(result, expiresAt);

    private sealed record Entry(LocateResult Result, DateTimeOffset ExpiresAt);
}
