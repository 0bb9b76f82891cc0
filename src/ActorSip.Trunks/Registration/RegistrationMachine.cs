using E = ActorSip.Trunks.Registration.RegistrationEffect;
using I = ActorSip.Trunks.Registration.RegistrationInput;

namespace ActorSip.Trunks.Registration;

/// <summary>Time and randomness for one decision, passed in so the machine stays a pure function.</summary>
public readonly record struct RegistrationContext(DateTimeOffset Now, Random Random, RegistrationPolicy Policy);

/// <summary>
/// The registration lifecycle of one binding (RFC 3261 §10, RFC 5626 §4.5) as a pure function:
/// state × input → state × effects. The binding actor persists the Persist effects and carries out the rest.
/// A challenge is answered at most once per nonce: a second challenge after an answer is a failure unless it says
/// stale=true, so wrong credentials never loop.
/// </summary>
public static class RegistrationMachine
{
    /// <summary>A fresh binding: its Call-ID and From tag are fixed here for the life of the binding.</summary>
    public static RegistrationDecision Create(string callId, string fromTag, in RegistrationContext ctx)
    {
        var created = new BindingEvent.Created(callId, fromTag);
        return new RegistrationDecision(new BindingState().Apply(created), [new E.Persist(created)]);
    }

    public static RegistrationDecision Handle(BindingState state, I input, in RegistrationContext ctx) => input switch
    {
        I.Start s => OnStart(state, s, ctx),
        I.TimerFired => OnTimer(state, ctx),
        // From Stopped too: that is how an operator brings back a binding taken down with `sip-ua unregister`.
        I.RegisterNow => state.Phase is BindingPhase.Unregistering or BindingPhase.Registering
            ? Same(state)
            : Send(state with { Attempt = AttemptState.Fresh }, null, null, ctx),
        // Only a registered binding had a flow to lose; others are sending, waiting on purpose, or stopped.
        I.ConnectionLost => state.Phase == BindingPhase.Registered
            ? Send(state with { Attempt = AttemptState.Fresh }, null, null, ctx)
            : Same(state),
        I.Response r when r.CSeq == state.CSeq && state.Phase is BindingPhase.Registering or BindingPhase.Unregistering
            => OnResponse(state, r, ctx),
        I.Failed f when f.CSeq == state.CSeq && state.Phase is BindingPhase.Registering or BindingPhase.Unregistering
            => OnFailed(state, f, ctx),
        I.CredentialResolved c when state.Attempt.PendingChallenge is not null => OnCredential(state, c, ctx),
        I.CredentialLookupFailed f when state.Attempt.PendingChallenge is not null => state.Phase == BindingPhase.Unregistering
            ? Unregistered(state, ctx)
            : RetrySoon(state, "credential lookup failed: " + f.Reason, ctx),
        I.Remove => OnRemove(state with { Removing = true }, ctx),
        I.Unregister => OnRemove(state with { Removing = false }, ctx),
        // A late answer to an older request, or a lookup answer nobody waits for any more.
        _ => Same(state),
    };

    private static RegistrationDecision OnStart(BindingState state, I.Start start, in RegistrationContext ctx)
    {
        // After a restart or a failover the CSeq continues above everything that may have been sent before.
        state = state with
        {
            RequestedExpires = start.RequestedExpires,
            TargetCount = Math.Max(start.TargetCount, 1),
            TargetIndex = 0,
            CSeq = Math.Max(state.CSeq, state.CSeqReservedUpTo),
            Contact = start.Contact,
            RefreshRatio = start.RefreshRatio,
            AuthRealm = start.AuthRealm,
            StaleContact = state.RegisteredAt is not null && state.Contact is { Length: > 0 } old && old != start.Contact ? old : state.StaleContact,
            Attempt = AttemptState.Fresh,
        };
        if (state.Phase == BindingPhase.Stopped) return Same(state);
        if (state.Phase == BindingPhase.Rejected && state.NextActionAt is { } retryAt && retryAt > ctx.Now)
            return new RegistrationDecision(state, [new E.ScheduleAt(retryAt)]);
        // Register at once even when a grant is still running: the Contact may be new (another node took over).
        return Send(state, null, null, ctx);
    }

    private static RegistrationDecision OnTimer(BindingState state, in RegistrationContext ctx)
    {
        if (state.NextActionAt is not { } due || due > ctx.Now) return Same(state);
        return state.Phase is BindingPhase.Registered or BindingPhase.Backoff or BindingPhase.Rejected
            ? Send(state with { Attempt = AttemptState.Fresh }, null, null, ctx)
            : Same(state);
    }

    private static RegistrationDecision OnResponse(BindingState state, I.Response r, in RegistrationContext ctx)
    {
        state = WithTarget(state, r.Sent) with { LastStatus = r.Status, LastReason = r.Reason };
        if (state.Phase == BindingPhase.Unregistering)
        {
            if (r.Status is 401 or 407 && r.Challenge is { } ch && RealmAllowed(state, ch) && CanAnswer(state, ch, ctx.Policy))
                return AskForCredential(state, ch);
            return Unregistered(state, ctx);
        }

        switch (r.Status)
        {
            case >= 200 and < 300:
                var granted = r.GrantedExpires is { } g and > 0 ? g : state.RequestedExpires;
                var registered = new BindingEvent.Registered(granted, ctx.Now, state.Contact ?? "");
                var next = ctx.Now + TimeSpan.FromSeconds(granted * (state.RefreshRatio ?? ctx.Policy.RefreshRatio));
                var s = state.Apply(registered) with { NextActionAt = next, Attempt = AttemptState.Fresh, LastReason = r.Reason, StaleContact = null };
                return new RegistrationDecision(s, [new E.Persist(registered), new E.ScheduleAt(next)]);

            case 401 or 407:
                if (r.Challenge is not { } challenge)
                    return Fail(state, "challenge without a usable Digest header", r.RetryAfter, ctx);
                // auth-realm: a registrar naming another realm gets no credential at all, not even a wrong one.
                if (!RealmAllowed(state, challenge))
                    return Reject(state, r.Status, $"challenge realm '{challenge.Realm}' is not auth-realm '{state.AuthRealm}'", ctx);
                if (CanAnswer(state, challenge, ctx.Policy)) return AskForCredential(state, challenge);
                return Reject(state, r.Status, $"authentication failed for realm '{challenge.Realm}'", ctx);

            case 423:
                // RFC 3261 §10.2.8: retry at once with at least Min-Expires; not a failure.
                if (r.MinExpires is { } min && min > state.RequestedExpires)
                    return Send(state with { RequestedExpires = min, Attempt = AttemptState.Fresh }, null, null, ctx);
                return Fail(state, "423 without a usable Min-Expires", null, ctx);

            case 403 or 404 or >= 600:
                return Reject(state, r.Status, r.Reason ?? $"refused with {r.Status}", ctx);

            // RFC 3263 §4.3 names 503; a 408 is the registrar's own timeout towards whatever is behind it, so the next
            // server of the same provider is as likely to help as after our own timeout.
            case 408 or 503 when state.TargetIndex + 1 < state.TargetCount:
                return NextTarget(state, ctx);

            default:
                return Fail(state, r.Reason ?? $"failed with {r.Status}", r.Status >= 500 ? r.RetryAfter : null, ctx);
        }
    }

    private static RegistrationDecision OnFailed(BindingState state, I.Failed f, in RegistrationContext ctx)
    {
        var why = f.Failure == TransactionFailure.CertificateNotTrusted
            ? "certificate not trusted: " + (f.Detail ?? "refused")
            : f.Detail ?? f.Failure switch
            {
                TransactionFailure.Timeout => "no response (timeout)",
                TransactionFailure.Unresolved => "dns: registrar did not resolve",
                _ => "transport error",
            };
        state = WithTarget(state, f.Sent) with { LastStatus = null, LastReason = why };
        if (state.Phase == BindingPhase.Unregistering) return Unregistered(state, ctx);
        // Another target is another server with its own certificate; when none is left, retrying soon only repeats
        // the refusal (and never over another transport): wait like a rejection.
        if (f.Failure == TransactionFailure.CertificateNotTrusted)
            return state.TargetIndex + 1 < state.TargetCount ? NextTarget(state, ctx) : Reject(state, null, why, ctx);
        // RFC 3263 §4.3: on timeout or transport error, try the next resolved target.
        if (f.Failure != TransactionFailure.Unresolved && state.TargetIndex + 1 < state.TargetCount) return NextTarget(state, ctx);
        return Fail(state, why, null, ctx);
    }

    private static BindingState WithTarget(BindingState state, TargetChoice? sent) =>
        sent is { } t ? state with { TargetIndex = Math.Max(t.Index, 0), TargetCount = Math.Max(t.Count, 1) } : state;

    private static RegistrationDecision OnCredential(BindingState state, I.CredentialResolved c, in RegistrationContext ctx)
    {
        var challenge = state.Attempt.PendingChallenge!;
        if (c.Credential is null)
        {
            if (state.Phase == BindingPhase.Unregistering) return Unregistered(state, ctx);
            // Seed step 4: no credential for the challenged realm terminates the request; never guess another realm's.
            return Reject(state, state.LastStatus, $"no credential for realm '{challenge.Realm}'", ctx);
        }
        var attempt = state.Attempt with
        {
            ChallengesAnswered = state.Attempt.ChallengesAnswered + 1,
            StaleRetries = state.Attempt.StaleRetries + (state.Attempt.ChallengesAnswered > 0 && challenge.Stale ? 1 : 0),
            PendingChallenge = null,
        };
        var expires = state.Phase == BindingPhase.Unregistering ? 0 : state.RequestedExpires;
        return SendRaw(state with { Attempt = attempt }, expires, challenge, c.Credential, state.Phase, ctx.Policy.CSeqReservation);
    }

    private static RegistrationDecision OnRemove(BindingState state, in RegistrationContext ctx)
    {
        // Only a binding that may be registered at the registrar needs an un-REGISTER.
        var mayBeRegistered = state.Phase is BindingPhase.Registered or BindingPhase.Registering
                              || state.Phase == BindingPhase.Backoff && state.RegisteredAt is not null;
        if (!mayBeRegistered) return Unregistered(state, ctx);
        return SendRaw(state with { Attempt = AttemptState.Fresh }, 0, null, null, BindingPhase.Unregistering, ctx.Policy.CSeqReservation);
    }

    /// <summary>Realms compare case-insensitively, as everywhere in the trunk model.</summary>
    private static bool RealmAllowed(BindingState state, RegistrarChallenge challenge) =>
        state.AuthRealm is not { } only || string.Equals(challenge.Realm, only, StringComparison.OrdinalIgnoreCase);

    private static bool CanAnswer(BindingState state, RegistrarChallenge challenge, RegistrationPolicy policy) =>
        state.Attempt.ChallengesAnswered == 0
        || challenge.Stale && state.Attempt.StaleRetries < policy.MaxStaleRetries;

    private static RegistrationDecision AskForCredential(BindingState state, RegistrarChallenge challenge) =>
        new(state with { Attempt = state.Attempt with { PendingChallenge = challenge } }, [new E.LookupCredential(challenge)]);

    private static RegistrationDecision Send(BindingState state, RegistrarChallenge? challenge, CredentialHandle? credential, in RegistrationContext ctx) =>
        SendRaw(state, state.RequestedExpires, challenge, credential, BindingPhase.Registering, ctx.Policy.CSeqReservation);

    private static RegistrationDecision SendRaw(BindingState state, int expires, RegistrarChallenge? challenge, CredentialHandle? credential,
        BindingPhase phase, uint reservation)
    {
        var effects = new List<E>(3);
        var cseq = state.CSeq + 1;
        if (cseq > state.CSeqReservedUpTo)
        {
            var reserved = new BindingEvent.CSeqReserved(cseq + reservation - 1);
            state = state.Apply(reserved);
            effects.Add(new E.Persist(reserved));
        }
        state = state with { CSeq = cseq, Phase = phase, NextActionAt = null };
        effects.Add(new E.SendRegister(cseq, expires, state.TargetIndex, challenge, credential));
        return new RegistrationDecision(state, effects);
    }

    private static RegistrationDecision NextTarget(BindingState state, in RegistrationContext ctx) =>
        Send(state with { TargetIndex = state.TargetIndex + 1, Attempt = AttemptState.Fresh }, null, null, ctx);

    /// <summary>RFC 5626 §4.5: wait between 50 % and 100 % of min(max-time, base-time · 2^failures);
    /// a server's Retry-After wins when it asks for longer.</summary>
    private static RegistrationDecision Fail(BindingState state, string reason, int? retryAfter, in RegistrationContext ctx)
    {
        var failures = state.ConsecutiveFailures + 1;
        var ceiling = Math.Min(ctx.Policy.BackoffMax.TotalSeconds, ctx.Policy.BackoffBase.TotalSeconds * Math.Pow(2, Math.Min(failures, 30)));
        var wait = ceiling * (0.5 + 0.5 * ctx.Random.NextDouble());
        if (retryAfter is { } ra and > 0) wait = Math.Max(wait, ra);
        var at = ctx.Now + TimeSpan.FromSeconds(wait);
        var s = state with
        {
            Phase = BindingPhase.Backoff, ConsecutiveFailures = failures, LastReason = reason, NextActionAt = at,
            TargetIndex = 0, Attempt = AttemptState.Fresh,
        };
        return new RegistrationDecision(s, [new E.ScheduleAt(at)]);
    }

    /// <summary>The credential directory could not be asked: retry soon, because after a failover it is back within
    /// seconds, but back off while it stays away (between half and all of LookupRetry · 2^(failures-1), at most
    /// BackoffMax). Every retry sends an unauthenticated REGISTER that the registrar challenges: a fixed 2 s made
    /// 100,000 bindings send 2.4 million REGISTERs in 11 minutes while a restarting node's journal was overloaded.</summary>
    private static RegistrationDecision RetrySoon(BindingState state, string reason, in RegistrationContext ctx)
    {
        var failures = state.ConsecutiveFailures + 1;
        var ceiling = Math.Min(ctx.Policy.BackoffMax.TotalSeconds, ctx.Policy.LookupRetry.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        var at = ctx.Now + TimeSpan.FromSeconds(ceiling * (0.5 + 0.5 * ctx.Random.NextDouble()));
        return new RegistrationDecision(state with
        {
            Phase = BindingPhase.Backoff, ConsecutiveFailures = failures, LastReason = reason, NextActionAt = at, TargetIndex = 0,
            Attempt = AttemptState.Fresh,
        }, [new E.ScheduleAt(at)]);
    }

    private static RegistrationDecision Reject(BindingState state, int? status, string reason, in RegistrationContext ctx)
    {
        var retryAt = ctx.Now + ctx.Policy.RejectedRetry;
        var rejected = new BindingEvent.Rejected(status, reason, retryAt);
        var s = state.Apply(rejected) with { Attempt = AttemptState.Fresh, TargetIndex = 0 };
        return new RegistrationDecision(s, [new E.Persist(rejected), new E.ScheduleAt(retryAt)]);
    }

    private static RegistrationDecision Unregistered(BindingState state, in RegistrationContext ctx)
    {
        var e = new BindingEvent.Unregistered(ctx.Now);
        // A removed binding's entity stops; one taken down by the operator stays, Stopped, to be seen and brought back.
        return new RegistrationDecision(state.Apply(e) with { Attempt = AttemptState.Fresh },
            state.Removing ? [new E.Persist(e), new E.Stop()] : [new E.Persist(e)]);
    }

    private static RegistrationDecision Same(BindingState state) => new(state, []);
}
