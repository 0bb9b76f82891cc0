namespace ActorSip.Trunks.Registration;

/// <summary>A digest challenge as the loop sees it: enough to pick a credential and to know a stale nonce.
/// <paramref name="Header"/> is the raw WWW-/Proxy-Authenticate value, handed back to the digest code.</summary>
public sealed record RegistrarChallenge(string? Realm, string Nonce, bool Stale, bool Proxy, string Header);

/// <summary>Why a transaction produced no response.</summary>
public enum TransactionFailure
{
    Timeout,
    TransportError,

    /// <summary>Nothing was sent: the registrar's name did not resolve (DNS). No target failed, so there is no next one.</summary>
    Unresolved,

    /// <summary>The TLS server's certificate was refused (untrusted, wrong name, expired): like a rejection, not
    /// something a fast retry fixes.</summary>
    CertificateNotTrusted,
}

/// <summary>Where a REGISTER went: its index in the registrar's resolved target list and that list's length when it
/// was sent. The list can change between requests (re-resolution after the TTL), so the machine takes both from here.</summary>
public readonly record struct TargetChoice(int Index, int Count);

/// <summary>Everything that can happen to a binding's loop.</summary>
public abstract record RegistrationInput
{
    /// <summary>Begin or resume, e.g. after recovery or on another node after failover. <paramref name="RefreshRatio"/>
    /// (a share, 0.5-1) overrides the policy's; <paramref name="AuthRealm"/>: the only realm a challenge may name.</summary>
    public sealed record Start(int RequestedExpires, int TargetCount, string Contact, double? RefreshRatio = null, string? AuthRealm = null)
        : RegistrationInput;

    /// <summary>The timer set by the last <see cref="RegistrationEffect.ScheduleAt"/> went off.</summary>
    public sealed record TimerFired : RegistrationInput;

    /// <summary>An operator asked for an immediate REGISTER (`sip-ua register now`).</summary>
    public sealed record RegisterNow : RegistrationInput;

    /// <summary>A final response to the REGISTER with <paramref name="CSeq"/>.
    /// <paramref name="GrantedExpires"/>: the expiry the registrar gave our Contact (Contact expires, else Expires).</summary>
    public sealed record Response(uint CSeq, int Status, int? GrantedExpires = null, int? MinExpires = null,
        int? RetryAfter = null, RegistrarChallenge? Challenge = null, string? Reason = null) : RegistrationInput
    {
        /// <summary>The target it came from; null keeps the binding's target index and count as they are.</summary>
        public TargetChoice? Sent { get; init; }
    }

    /// <summary>No final response. <paramref name="Detail"/> is what the operator sees as the reason when set
    /// ("dns: no SRV/A for X", a TLS certificate error, ...); otherwise a text for <paramref name="Failure"/>.</summary>
    public sealed record Failed(uint CSeq, TransactionFailure Failure, string? Detail = null) : RegistrationInput
    {
        /// <summary>The target that failed; null keeps the binding's target index and count as they are.</summary>
        public TargetChoice? Sent { get; init; }
    }

    /// <summary>The TCP/TLS connection the last REGISTER went over was lost: the registrar no longer has our flow, so a
    /// registered binding registers again now (over a new connection).</summary>
    public sealed record ConnectionLost : RegistrationInput;

    /// <summary>The credential directory's answer for the pending challenge; null means "terminate the request"
    /// (seed step 4: no credential for that realm).</summary>
    public sealed record CredentialResolved(CredentialHandle? Credential) : RegistrationInput;

    /// <summary>The credential directory could not be asked (timeout, an entity moving between nodes): a transient
    /// failure to retry with backoff — not "no credential", which would reject the binding for half an hour.</summary>
    public sealed record CredentialLookupFailed(string Reason) : RegistrationInput;

    /// <summary>The registrar or endpoint was removed from the configuration: un-REGISTER first, then stop.</summary>
    public sealed record Remove : RegistrationInput;

    /// <summary>`sip-ua unregister`: un-REGISTER like a removal, but the binding stays configured and comes back with
    /// `register now` (or a change of its configuration).</summary>
    public sealed record Unregister : RegistrationInput;
}

/// <summary>Which credential answers a challenge: an opaque id the directory understands, plus the username,
/// so no secret travels through the state machine.</summary>
public sealed record CredentialHandle(string CredentialId, string Username);
