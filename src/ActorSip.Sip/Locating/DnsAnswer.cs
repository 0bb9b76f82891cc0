using DnsClient.Protocol;

namespace ActorSip.Sip.Locating;

/// <summary>One DNS query's outcome, with exceptions already turned into a status.</summary>
internal sealed record DnsAnswer(string Name, DnsAnswerStatus Status, IReadOnlyList<DnsResourceRecord> Records, string Detail)
{
    /// <summary>Timeouts and server errors stop the whole location: asking more names of a dead server only adds delay.</summary>
    public bool IsHardFailure => Status is DnsAnswerStatus.Timeout or DnsAnswerStatus.Error;

    public LocateFailure ToFailure() => Status switch
    {
        DnsAnswerStatus.NameNotFound => new LocateFailure(LocateFailureKind.NameNotFound, Name, Detail),
        DnsAnswerStatus.Timeout => new LocateFailure(LocateFailureKind.Timeout, Name, Detail),
        DnsAnswerStatus.Error => new LocateFailure(LocateFailureKind.DnsError, Name, Detail),
        _ => new LocateFailure(LocateFailureKind.NoRecords, Name, Detail),
    };
}
