namespace ActorSip.Trunks.Registration;

/// <summary>What a binding persists. Everything else in <see cref="BindingState"/> is rebuilt when the loop restarts.</summary>
public abstract record BindingEvent
{
    /// <summary>First start: the Call-ID and From tag this binding keeps for its whole life (RFC 3261 §10.2.4).</summary>
    public sealed record Created(string CallId, string FromTag) : BindingEvent;

    /// <summary>CSeq values up to <paramref name="UpTo"/> may be used; after a restart numbering continues above it.</summary>
    public sealed record CSeqReserved(uint UpTo) : BindingEvent;

    public sealed record Registered(int GrantedExpires, DateTimeOffset At, string Contact) : BindingEvent;

    /// <summary>Refused for good (403/404/6xx, failed or missing credentials): retried only at <paramref name="RetryAt"/>.</summary>
    public sealed record Rejected(int? Status, string Reason, DateTimeOffset RetryAt) : BindingEvent;

    public sealed record Unregistered(DateTimeOffset At) : BindingEvent;
}
