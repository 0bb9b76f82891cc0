namespace ActorSip.Sip.Locating;

/// <summary>How one DNS query ended.</summary>
internal enum DnsAnswerStatus
{
    /// <summary>NOERROR; the records may still be none of the type asked for (NODATA).</summary>
    Answered,
    NameNotFound,
    Timeout,
    Error,
}
