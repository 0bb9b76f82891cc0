using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>The end of a client transaction: the final response, or why there is none.</summary>
public sealed record ClientTransactionResult(ClientTransactionOutcome Outcome, SipResponse? Response = null, Exception? Error = null)
{
    public static ClientTransactionResult TimedOut { get; } = new(ClientTransactionOutcome.Timeout);

    public static ClientTransactionResult Final(SipResponse response) => new(ClientTransactionOutcome.Response, response);

    public static ClientTransactionResult Failed(Exception error) => new(ClientTransactionOutcome.TransportError, Error: error);

    public bool IsResponse => Outcome == ClientTransactionOutcome.Response;

    public int? StatusCode => Response?.StatusCode;

    public override string ToString() => Outcome switch
    {
        ClientTransactionOutcome.Response => $"{Response!.StatusCode} {Response.ReasonPhrase}",
        ClientTransactionOutcome.TransportError => $"transport error: {Error?.Message}",
        _ => "timeout",
    };
}
