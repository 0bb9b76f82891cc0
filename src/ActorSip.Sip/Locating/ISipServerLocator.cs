namespace ActorSip.Sip.Locating;

/// <summary>Turns a configured SIP target into an ordered list of addresses and transports (RFC 3263 §4).</summary>
public interface ISipServerLocator
{
    /// <summary>Locates the servers for <paramref name="spec"/>. DNS failures are returned, not thrown; only cancellation throws.</summary>
    Task<LocateResult> LocateAsync(SipTargetSpec spec, CancellationToken ct);
}
