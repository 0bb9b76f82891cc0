namespace ActorSip.Sip.Locating;

/// <summary>A failed location, with the DNS name whose query ended it.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Name">The DNS name that failed (host, SRV name, or SRV target).</param>
/// <param name="Detail">A sentence for logs and the CLI.</param>
public sealed record LocateFailure(LocateFailureKind Kind, string Name, string Detail)
{
    /// <summary>One line for a binding's state and the CLI, always starting with "dns:" so that an operator never
    /// takes it for a network or registrar problem.</summary>
    /// <param name="host">The configured host that was being located.</param>
    public string Describe(string host) => Kind switch
    {
        LocateFailureKind.NameNotFound or LocateFailureKind.NoRecords => $"dns: no SRV/A for {host} ({Detail})",
        LocateFailureKind.NoNameServer => $"dns: no name server ({Detail})",
        LocateFailureKind.Timeout => $"dns: name server did not answer for {host} ({Detail})",
        _ => $"dns: lookup of {host} failed ({Detail})",
    };
}
