namespace ActorSip.Sip.Locating;

/// <summary>Why a SIP server could not be located.</summary>
public enum LocateFailureKind
{
    /// <summary>The DNS server answered NXDOMAIN: the name does not exist.</summary>
    NameNotFound,

    /// <summary>The name exists (or the chain ended) without any usable SRV or address records.</summary>
    NoRecords,

    /// <summary>The DNS server did not answer within the timeout and retries.</summary>
    Timeout,

    /// <summary>The DNS server answered with an error (SERVFAIL, REFUSED, ...) or the network failed.</summary>
    DnsError,

    /// <summary>No name server is configured, or none could be reached at all (nothing listens there).</summary>
    NoNameServer,
}
