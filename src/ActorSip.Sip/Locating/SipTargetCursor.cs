namespace ActorSip.Sip.Locating;

/// <summary>
/// Walks a located target list for failover (RFC 3263 §4.3): try <see cref="Current"/>; on timeout, transport error
/// or 503 call <see cref="Next"/>; after a new resolution call <see cref="Reset"/> to start again from the top,
/// because the preferred server may be back. Not thread-safe: one cursor per registration.
/// </summary>
public sealed class SipTargetCursor
{
    private IReadOnlyList<SipTarget> _targets;
    private int _position;

    public SipTargetCursor()
        : this([])
    {
    }

    public SipTargetCursor(IReadOnlyList<SipTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
    }

    /// <summary>The target to use now; null once every target has failed (or there were none).</summary>
    public SipTarget? Current => _position < _targets.Count ? _targets[_position] : null;

    /// <summary>Index of <see cref="Current"/> in the list.</summary>
    public int Position => _position;

    public int Count => _targets.Count;

    public bool IsExhausted => _position >= _targets.Count;

    /// <summary>Marks <see cref="Current"/> as failed and moves on. False when no target is left.</summary>
    public bool Next()
    {
        if (_position < _targets.Count)
        {
            _position++;
        }

        return _position < _targets.Count;
    }

    /// <summary>Starts over on a fresh resolution.</summary>
    public void Reset(IReadOnlyList<SipTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
        _position = 0;
    }
}
