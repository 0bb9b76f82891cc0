using Microsoft.Extensions.Logging;

namespace ActorSip.Sip.Transport;

/// <summary>
/// Lets a few warnings per window through and counts the rest, so a flood of garbage packets cannot flood the log.
/// The next warning let through reports how many were suppressed.
/// </summary>
internal sealed class RateLimitedLog(ILogger logger, int perWindow = 10, long windowMilliseconds = 10_000)
{
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private long _suppressed;

    public ILogger Logger => logger;

    public void Warning(string message, params object?[] args)
    {
        if (!logger.IsEnabled(LogLevel.Warning)) return;
        long suppressed;
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (now - _windowStart >= windowMilliseconds || _windowStart == long.MinValue)
            {
                _windowStart = now;
                _inWindow = 0;
            }
            if (_inWindow >= perWindow)
            {
                _suppressed++;
                return;
            }
            _inWindow++;
            suppressed = _suppressed;
            _suppressed = 0;
        }
#pragma warning disable CA2254 // the template is a constant at every call site; this wrapper only forwards it
        logger.LogWarning(message, args);
#pragma warning restore CA2254
        if (suppressed > 0) logger.LogWarning("{Suppressed} similar warnings were suppressed", suppressed);
    }
}
