namespace ActorSip.Trunks.Registration;

public enum BindingPhase
{
    /// <summary>Not started (or recovered and waiting for Start).</summary>
    Idle,
    /// <summary>A REGISTER is in flight (first registration, refresh, or a challenge being answered).</summary>
    Registering,
    Registered,
    /// <summary>Waiting to retry after a failure (timeout, 5xx, ...), RFC 5626 backoff.</summary>
    Backoff,
    /// <summary>Refused for good until a long retry: wrong or missing credentials, 403, 404, 6xx.</summary>
    Rejected,
    /// <summary>REGISTER with Expires: 0 in flight.</summary>
    Unregistering,
    /// <summary>Removed; the loop is over.</summary>
    Stopped,
}

/// <summary>The parts of the current attempt that only matter until its final response.</summary>
public sealed record AttemptState(int ChallengesAnswered, int StaleRetries, RegistrarChallenge? PendingChallenge)
{
    public static readonly AttemptState Fresh = new(0, 0, null);
}

/// <summary>
/// One endpoint's binding at one registrar: the persisted facts (Call-ID, CSeq reservation, the last grant or
/// rejection) and the live state of the loop. Immutable; <see cref="Apply"/> folds a persisted event in.
/// </summary>
public sealed record BindingState
{
    public BindingPhase Phase { get; init; } = BindingPhase.Idle;
    public string CallId { get; init; } = "";
    public string FromTag { get; init; } = "";
    /// <summary>The CSeq of the last request sent.</summary>
    public uint CSeq { get; init; }
    public uint CSeqReservedUpTo { get; init; }
    public int RequestedExpires { get; init; } = 3600;
    public int? GrantedExpires { get; init; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public string? Contact { get; init; }
    /// <summary>A Contact registered earlier from another node (before a failover or a move): removed with
    /// <c>expires=0</c> in the next REGISTER, so the registrar stops routing calls to a dead node.</summary>
    public string? StaleContact { get; init; }
    public int ConsecutiveFailures { get; init; }
    public int? LastStatus { get; init; }
    public string? LastReason { get; init; }
    /// <summary>When the loop acts next (refresh or retry); null while a request is in flight.</summary>
    public DateTimeOffset? NextActionAt { get; init; }
    public int TargetIndex { get; init; }
    public int TargetCount { get; init; } = 1;
    public AttemptState Attempt { get; init; } = AttemptState.Fresh;
    /// <summary>The un-REGISTER in flight ends the binding for good (removed from the configuration), rather than
    /// leaving it down until `register now` (`sip-ua unregister`).</summary>
    public bool Removing { get; init; }
    /// <summary>The registrar's `refresh-ratio` as a share of the grant; null: the policy's. Set by each Start.</summary>
    public double? RefreshRatio { get; init; }
    /// <summary>The registrar's `auth-realm`: a challenge naming another realm is refused unanswered. Set by each Start.</summary>
    public string? AuthRealm { get; init; }

    public bool IsCreated => CallId.Length > 0;

    public DateTimeOffset? ExpiresAt => RegisteredAt is { } at && GrantedExpires is { } g ? at.AddSeconds(g) : null;

    public BindingState Apply(BindingEvent e) => e switch
    {
        BindingEvent.Created c => this with { CallId = c.CallId, FromTag = c.FromTag },
        BindingEvent.CSeqReserved r => this with { CSeqReservedUpTo = r.UpTo },
        BindingEvent.Registered r => this with
        {
            Phase = BindingPhase.Registered, GrantedExpires = r.GrantedExpires, RegisteredAt = r.At, Contact = r.Contact,
            ConsecutiveFailures = 0, LastStatus = 200, LastReason = null,
        },
        BindingEvent.Rejected r => this with
        {
            Phase = BindingPhase.Rejected, LastStatus = r.Status, LastReason = r.Reason, NextActionAt = r.RetryAt,
            GrantedExpires = null, RegisteredAt = null,
        },
        BindingEvent.Unregistered => this with
        {
            Phase = BindingPhase.Stopped, GrantedExpires = null, RegisteredAt = null, NextActionAt = null,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };
}
