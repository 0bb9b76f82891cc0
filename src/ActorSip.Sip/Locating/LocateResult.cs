namespace ActorSip.Sip.Locating;

/// <summary>
/// The outcome of locating a SIP server: either targets to try in order, or a failure.
/// DNS problems come back here rather than as exceptions, so a registration loop can log and retry.
/// </summary>
public sealed record LocateResult
{
    private LocateResult(IReadOnlyList<SipTarget> targets, LocateFailure? failure)
    {
        Targets = targets;
        Failure = failure;
    }

    /// <summary>Targets in the order to try them; empty on failure.</summary>
    public IReadOnlyList<SipTarget> Targets { get; }

    /// <summary>Why nothing was found; null on success.</summary>
    public LocateFailure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static LocateResult Found(IReadOnlyList<SipTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("a successful result needs at least one target", nameof(targets));
        }

        return new LocateResult(targets, null);
    }

    public static LocateResult Failed(LocateFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new LocateResult([], failure);
    }

    public static LocateResult Failed(LocateFailureKind kind, string name, string detail) =>
        Failed(new LocateFailure(kind, name, detail));
}
