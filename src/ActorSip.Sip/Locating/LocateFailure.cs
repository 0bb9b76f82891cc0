namespace ActorSip.Sip.Locating;

/// <summary>A failed location, with the DNS name whose query ended it.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Name">The DNS name that failed (host, SRV name, or SRV target).</param>
/// <param name="Detail">A sentence for logs and the CLI.</param>
public sealed record LocateFailure(LocateFailureKind Kind, string Name, string Detail);
