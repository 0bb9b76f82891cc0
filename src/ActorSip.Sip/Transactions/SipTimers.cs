namespace ActorSip.Sip.Transactions;

/// <summary>RFC 3261 §17 timer values (Table 4). T1, T2 and T4 are configurable; the others derive from them.</summary>
public sealed record SipTimers
{
    public static readonly SipTimers Default = new();

    /// <summary>RTT estimate: first retransmission interval.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retransmission interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message stays in the network.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D: how long an INVITE client transaction absorbs final-response retransmissions (UDP).</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>When an INVITE server transaction sends 100 Trying if the TU has not answered (RFC 3261 §17.2.1).</summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timers B, F, H and J: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;
}
