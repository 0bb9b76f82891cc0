namespace ActorSip.Trunks.Registration;

/// <summary>The knobs of the registration lifecycle. Defaults follow IOS (refresh at 80 %) and RFC 5626 §4.5.</summary>
public sealed record RegistrationPolicy
{
    public static readonly RegistrationPolicy Default = new();

    /// <summary>Refresh when this share of the granted expiry has passed (IOS `refresh-ratio`, default 80).</summary>
    public double RefreshRatio { get; init; } = 0.8;

    /// <summary>RFC 5626 §4.5 base-time: the first wait after a failure is between half and all of twice this.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RFC 5626 §4.5 max-time.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>After 403/404, a rejected credential or no credential at all, wait this long: retrying sooner only
    /// gets an account locked by the provider.</summary>
    public TimeSpan RejectedRetry { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When the credential directory cannot be asked (an entity is moving after a failover), ask again this
    /// soon: the directory comes back within seconds, and a 30-60 s backoff would double the failover time.</summary>
    public TimeSpan LookupRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a stale=true challenge is answered within one attempt before it counts as failure.</summary>
    public int MaxStaleRetries { get; init; } = 2;

    /// <summary>CSeq values reserved per journal write, so a refresh does not cost a write and a restart never reuses one.</summary>
    public uint CSeqReservation { get; init; } = 100;
}
