using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Transport;

/// <summary>
/// Counts refused input per source address and reports it once per window, as
/// <c>dropped N malformed messages from X in the last 10 s (last: reason)</c>, so that a flood of garbage costs one
/// log line per source and window instead of one per packet. At most <see cref="MaxSourcesPerReport"/> sources
/// are named per window; the rest are summed in one line.
/// </summary>
internal sealed class MalformedTrafficLog : IDisposable
{
    public const int MaxSourcesPerReport = 10;

    /// <summary>Addresses counted one by one per window; spoofed sources beyond this are only summed, so the
    /// table itself cannot be grown without bound by a flood.</summary>
    public const int MaxTrackedSources = 4096;

    private readonly ILogger _logger;
    private readonly string _transport;
    private readonly TimeSpan _window;
    private readonly ConcurrentDictionary<IPAddress, Entry> _bySource = new();
    private readonly Timer _timer;
    private long _untracked;

    private sealed class Entry
    {
        public long Count;
        public volatile string LastReason = "";
    }

    public MalformedTrafficLog(ILogger logger, string transport, TimeSpan? window = null)
    {
        _logger = logger;
        _transport = transport;
        _window = window ?? TimeSpan.FromSeconds(10);
        _timer = new Timer(_ => Flush(), null, _window, _window);
    }

    public void Record(IPAddress source, string reason)
    {
        if (!_bySource.TryGetValue(source, out var entry))
        {
            if (_bySource.Count >= MaxTrackedSources)
            {
                Interlocked.Increment(ref _untracked);
                return;
            }
            entry = _bySource.GetOrAdd(source, static _ => new Entry());
        }
        Interlocked.Increment(ref entry.Count);
        entry.LastReason = reason;
    }

    /// <summary>Writes the report for the window that just ended and starts a new one (the timer calls this).</summary>
    internal void Flush()
    {
        var untracked = Interlocked.Exchange(ref _untracked, 0);
        if (_bySource.IsEmpty && untracked == 0) return;
        var report = new List<(IPAddress Source, long Count, string Reason)>();
        foreach (var source in _bySource.Keys)
        {
            if (_bySource.TryRemove(source, out var entry))
                report.Add((source, Interlocked.Read(ref entry.Count), entry.LastReason));
        }
        if (!_logger.IsEnabled(LogLevel.Warning)) return;
        var seconds = (int)Math.Round(_window.TotalSeconds);
        foreach (var (source, count, reason) in report.OrderByDescending(r => r.Count).Take(MaxSourcesPerReport))
            _logger.LogWarning("{Transport}: dropped {Count} malformed messages from {Source} in the last {Seconds} s (last: {Reason})",
                _transport, count, source, seconds, reason);
        if (report.Count > MaxSourcesPerReport || untracked > 0)
        {
            var rest = report.OrderByDescending(r => r.Count).Skip(MaxSourcesPerReport).ToList();
            var sources = untracked > 0 ? $"{rest.Count}+" : rest.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _logger.LogWarning("{Transport}: dropped {Count} malformed messages from {Sources} other sources in the last {Seconds} s",
                _transport, rest.Sum(r => r.Count) + untracked, sources, seconds);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
