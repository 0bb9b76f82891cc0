namespace ActorSip.IntegrationTests.Peers;

/// <summary>One REGISTER a registrar received and the status it answered with (0: dropped without answer).</summary>
/// <param name="Expires">Expiry the client asked for (Contact expires param, else Expires header; -1 if neither).</param>
/// <param name="Source">Where it came from, "ADDRESS:PORT/proto" (only from the log file).</param>
public sealed record RegisterRecord(string CallId, int CSeq, int Expires, int AuthorizationHeaders, int Status, string Source = "")
{
    /// <summary>The source address without port and protocol: which host sent it.</summary>
    public string SourceAddress => Source.LastIndexOf(':') is var colon and > 0 ? Source[..colon] : Source;
}
