namespace ActorSip.Sip.Locating;

/// <summary>
/// The outcome of locating a SIP server: either targets to try in order, or a failure.
/// DNS problems come back here rather than as exceptions, so a registration loop can log and retry.
/// </summary>
public sealed record LocateResult
{
    private LocateResult(IReadOnlyList<SipTarget> targets, IReadOnlyList<TimeSpan> ttls, LocateFailure? failure)
    {
        Targets = targets;
        TargetTtls = ttls;
        Failure = failure;
    }

    /// <summary>Targets in the order to try them; empty on failure.</summary>
    public IReadOnlyList<SipTarget> Targets { get; }

    /// <summary>Per target (same order as <see cref="Targets"/>): the smallest TTL of the NAPTR, SRV and A/AAAA records
    /// it came from; zero for IP literals and the demo registrar, which no DNS record backs.</summary>
    public IReadOnlyList<TimeSpan> TargetTtls { get; }

    /// <summary>Why nothing was found; null on success.</summary>
    public LocateFailure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static LocateResult Found(IReadOnlyList<SipTarget> targets) =>
        Found(targets, targets?.Select(_ => TimeSpan.Zero).ToArray() ?? throw new ArgumentNullException(nameof(targets)));

    public static LocateResult Found(IReadOnlyList<SipTarget> targets, IReadOnlyList<TimeSpan> ttls)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(ttls);
        if (targets.Count == 0)
        {
            throw new ArgumentException("a successful result needs at least one target", nameof(targets));
        }

        if (ttls.Count != targets.Count)
        {
            throw new ArgumentException("one TTL per target", nameof(ttls));
        }

        return new LocateResult(targets, ttls, null);
    }

    public static LocateResult Failed(LocateFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new LocateResult([], [], failure);
    }

    public static LocateResult Failed(LocateFailureKind kind, string name, string detail) =>
        Failed(new LocateFailure(kind, name, detail));
}
