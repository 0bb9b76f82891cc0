namespace ActorSip.Sip.Transactions;

/// <summary>How a client transaction ended. Timeout and TransportError are not responses: a caller fails over on them
/// (RFC 3263 §4.3) rather than treating them like a 503 from the server.</summary>
public enum ClientTransactionOutcome
{
    /// <summary>A final response arrived (2xx–6xx).</summary>
    Response,
    /// <summary>Timer B or F fired with no final response.</summary>
    Timeout,
    /// <summary>The transport could not send (connection refused, TLS failure, no transport for the family ...).</summary>
    TransportError,
}
