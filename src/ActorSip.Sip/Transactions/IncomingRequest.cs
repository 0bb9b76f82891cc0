using System.Net;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transactions;

/// <summary>
/// A request handed to the TU, and the way to answer it through its server transaction (which re-sends the last
/// response to retransmissions by itself). An ACK for a 2xx has no transaction: <see cref="CanRespond"/> is false.
/// </summary>
public sealed class IncomingRequest
{
    private readonly ServerTransaction? _transaction;

    internal IncomingRequest(SipRequest request, IPEndPoint remote, SipTransportKind transport, IPEndPoint local, ServerTransaction? transaction)
    {
        Request = request;
        Remote = remote;
        Transport = transport;
        Local = local;
        _transaction = transaction;
    }

    public SipRequest Request { get; }

    public IPEndPoint Remote { get; }

    public SipTransportKind Transport { get; }

    public IPEndPoint Local { get; }

    public bool CanRespond => _transaction is not null;

    /// <summary>True once a final response went out.</summary>
    public bool IsAnswered => _transaction?.IsAnswered ?? false;

    /// <summary>A response with the headers RFC 3261 §8.2.6.2 copies from the request.</summary>
    public SipResponse CreateResponse(int statusCode, string reasonPhrase, string? toTag = null) =>
        SipResponse.For(Request, statusCode, reasonPhrase, toTag);

    /// <summary>Sends through the server transaction; completes when the transport took it, faults on a transport error.
    /// Throws <see cref="InvalidOperationException"/> after a final response or for an ACK.</summary>
    public Task RespondAsync(SipResponse response) =>
        (_transaction ?? throw new InvalidOperationException($"{Request.Method} has no server transaction to respond through"))
        .Respond(response);

    public Task RespondAsync(int statusCode, string reasonPhrase, string? toTag = null) =>
        RespondAsync(CreateResponse(statusCode, reasonPhrase, toTag));
}
