using ActorSip.Trunks.Registration;
using E = ActorSip.Trunks.Registration.RegistrationEffect;
using I = ActorSip.Trunks.Registration.RegistrationInput;

namespace ActorSip.Trunks.Tests.Registration;

public sealed class RegistrationMachineTests
{
    private static BindingDriver Started(int expires = 3600, int targets = 1, RegistrationPolicy? policy = null)
    {
        var d = new BindingDriver(policy);
        d.Handle(new I.Start(expires, targets, "<sip:1111@127.0.0.1:5070>"));
        return d;
    }

    private static void RegisterWithChallenge(BindingDriver d, int granted)
    {
        var cseq = d.LastSend.CSeq;
        d.Handle(new I.Response(cseq, 401, Challenge: BindingDriver.Digest("realm.example1.com", "n1")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: granted));
    }

    [Fact]
    public void Creation_fixes_call_id_and_tag_and_start_sends_the_first_register()
    {
        var d = Started();
        Assert.Equal(new BindingEvent.Created("call-1@node-a", "tag-1"), d.Persisted[0]);
        Assert.Equal(new BindingEvent.CSeqReserved(100), d.Persisted[1]);
        Assert.Equal(new E.SendRegister(1, 3600, 0, null, null), d.LastSend);
        Assert.Equal(BindingPhase.Registering, d.State.Phase);
    }

    [Fact]
    public void Challenge_is_answered_once_with_the_looked_up_credential_then_refreshed_at_80_percent()
    {
        var d = Started(expires: 180);
        var effects = d.Handle(new I.Response(1, 401, Challenge: BindingDriver.Digest("realm.example1.com", "n1")));
        var lookup = Assert.IsType<E.LookupCredential>(Assert.Single(effects));
        Assert.Equal("realm.example1.com", lookup.Challenge.Realm);

        effects = d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        var send = Assert.IsType<E.SendRegister>(Assert.Single(effects));
        Assert.Equal(2u, send.CSeq);
        Assert.Equal(BindingDriver.Credential, send.Credential);
        Assert.Equal("n1", send.Challenge!.Nonce);

        effects = d.Handle(new I.Response(2, 200, GrantedExpires: 120));
        Assert.Equal(BindingPhase.Registered, d.State.Phase);
        Assert.Equal(new BindingEvent.Registered(120, BindingDriver.T0, "<sip:1111@127.0.0.1:5070>"), Assert.IsType<E.Persist>(effects[0]).Event);
        Assert.Equal(BindingDriver.T0.AddSeconds(96), Assert.IsType<E.ScheduleAt>(effects[1]).At);

        effects = d.FireTimer();
        Assert.Equal(new E.SendRegister(3, 180, 0, null, null), Assert.Single(effects));
    }

    [Fact]
    public void A_second_challenge_after_an_answer_is_a_rejection_not_a_loop()
    {
        var d = Started();
        d.Handle(new I.Response(1, 401, Challenge: BindingDriver.Digest("r", "n1")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        var effects = d.Handle(new I.Response(2, 401, Challenge: BindingDriver.Digest("r", "n2")));

        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        var rejected = Assert.IsType<BindingEvent.Rejected>(Assert.IsType<E.Persist>(effects[0]).Event);
        Assert.Equal(401, rejected.Status);
        Assert.Contains("authentication failed", rejected.Reason);
        Assert.Equal(BindingDriver.T0 + TimeSpan.FromMinutes(30), Assert.IsType<E.ScheduleAt>(effects[1]).At);
    }

    [Fact]
    public void Wrong_password_sends_at_most_two_registers_per_half_hour()
    {
        var d = Started();
        var nonce = 0;
        var end = BindingDriver.T0 + TimeSpan.FromHours(2);
        while (d.Now < end)
        {
            var send = d.LastSend;
            d.Handle(new I.Response(send.CSeq, 401, Challenge: BindingDriver.Digest("r", $"n{++nonce}")));
            if (d.State.Attempt.PendingChallenge is not null) d.Handle(new I.CredentialResolved(BindingDriver.Credential));
            if (d.State.Phase == BindingPhase.Rejected) d.FireTimer();
        }
        var sends = d.Effects.OfType<E.SendRegister>().Count();
        Assert.InRange(sends, 2, 2 * 5); // two per attempt, one attempt per 30 minutes: 0:00, 0:30, 1:00, 1:30, 2:00
    }

    [Fact]
    public void Stale_nonce_is_answered_again_but_not_forever()
    {
        var d = Started();
        d.Handle(new I.Response(1, 401, Challenge: BindingDriver.Digest("r", "n1")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        var effects = d.Handle(new I.Response(2, 401, Challenge: BindingDriver.Digest("r", "n2", stale: true)));
        Assert.IsType<E.LookupCredential>(Assert.Single(effects));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        Assert.Equal("n2", d.LastSend.Challenge!.Nonce);
        d.Handle(new I.Response(3, 401, Challenge: BindingDriver.Digest("r", "n3", stale: true)));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        d.Handle(new I.Response(4, 401, Challenge: BindingDriver.Digest("r", "n4", stale: true)));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase); // MaxStaleRetries = 2
    }

    [Fact]
    public void No_credential_for_the_realm_terminates_the_request()
    {
        var d = Started();
        d.Handle(new I.Response(1, 407, Challenge: BindingDriver.Digest("other.example", "n1") with { Proxy = true }));
        var effects = d.Handle(new I.CredentialResolved(null));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        Assert.Contains("no credential for realm 'other.example'", d.State.LastReason);
        Assert.DoesNotContain(effects, e => e is E.SendRegister);
    }

    [Fact]
    public void A_failed_lookup_backs_off_instead_of_rejecting()
    {
        var d = Started();
        d.Handle(new I.Response(1, 401, Challenge: BindingDriver.Digest("r", "n1")));
        var effects = d.Handle(new I.CredentialLookupFailed("Ask timed out"));
        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Contains("credential lookup failed", d.State.LastReason);
        var retry = Assert.IsType<E.ScheduleAt>(Assert.Single(effects)).At - BindingDriver.T0;
        Assert.InRange(retry, RegistrationPolicy.Default.LookupRetry / 2, RegistrationPolicy.Default.LookupRetry);
        Assert.DoesNotContain(d.Persisted, e => e is BindingEvent.Rejected);
    }

    [Fact]
    public void Lookups_that_keep_failing_back_off_exponentially_up_to_the_maximum()
    {
        var d = Started();
        var policy = RegistrationPolicy.Default;
        var waits = new List<TimeSpan>();
        uint cseq = 1;
        for (var i = 0; i < 16; i++)
        {
            d.Handle(new I.Response(cseq, 401, Challenge: BindingDriver.Digest("r", $"n{cseq}")));
            d.Handle(new I.CredentialLookupFailed("Ask timed out"));
            waits.Add(d.LastSchedule.At - d.Now);
            d.FireTimer(); // the retry: a new REGISTER
            cseq = d.LastSend.CSeq;
        }
        for (var i = 0; i < waits.Count; i++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(policy.BackoffMax.TotalSeconds, policy.LookupRetry.TotalSeconds * Math.Pow(2, i)));
            Assert.InRange(waits[i], ceiling / 2, ceiling);
        }
        Assert.True(waits[^1] >= policy.BackoffMax / 2, $"the last wait {waits[^1]} is not at the maximum");

        // Once registered, the next failed lookup retries soon again.
        d.Handle(new I.Response(cseq, 401, Challenge: BindingDriver.Digest("r", "ok")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: 3600));
        Assert.Equal(BindingPhase.Registered, d.State.Phase);
        d.FireTimer();
        d.Handle(new I.Response(d.LastSend.CSeq, 401, Challenge: BindingDriver.Digest("r", "later")));
        d.Handle(new I.CredentialLookupFailed("Ask timed out"));
        Assert.InRange(d.LastSchedule.At - d.Now, policy.LookupRetry / 2, policy.LookupRetry);
    }

    [Fact]
    public void Interval_too_brief_retries_at_once_with_min_expires()
    {
        var d = Started(expires: 60);
        var effects = d.Handle(new I.Response(1, 423, MinExpires: 3600));
        Assert.Equal(new E.SendRegister(2, 3600, 0, null, null), Assert.Single(effects));
        Assert.Equal(0, d.State.ConsecutiveFailures);
    }

    [Fact]
    public void Service_unavailable_moves_to_the_next_target_then_honours_retry_after()
    {
        var d = Started(targets: 2);
        var effects = d.Handle(new I.Response(1, 503, RetryAfter: 120));
        Assert.Equal(new E.SendRegister(2, 3600, 1, null, null), Assert.Single(effects));

        effects = d.Handle(new I.Response(2, 503, RetryAfter: 120));
        var at = Assert.IsType<E.ScheduleAt>(Assert.Single(effects)).At;
        Assert.True(at >= BindingDriver.T0.AddSeconds(120), $"retry at {at} is before Retry-After");
        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Equal(0, d.State.TargetIndex); // the next attempt starts from the best target again
    }

    [Fact]
    public void Timeouts_fail_over_then_back_off_per_rfc_5626()
    {
        var policy = RegistrationPolicy.Default;
        var d = Started(targets: 2, policy: policy);
        d.Handle(new I.Failed(1, TransactionFailure.Timeout));
        Assert.Equal(1, d.LastSend.TargetIndex);

        var previousCeiling = 0.0;
        for (var failures = 1; failures <= 8; failures++)
        {
            var sendAt = d.Now;
            d.Handle(new I.Failed(d.LastSend.CSeq, failures == 1 ? TransactionFailure.Timeout : TransactionFailure.TransportError));
            if (d.State.Phase != BindingPhase.Backoff)
            {
                d.Handle(new I.Failed(d.LastSend.CSeq, TransactionFailure.Timeout)); // second target fails too
            }
            var wait = (d.State.NextActionAt!.Value - sendAt).TotalSeconds;
            var ceiling = Math.Min(policy.BackoffMax.TotalSeconds, policy.BackoffBase.TotalSeconds * Math.Pow(2, d.State.ConsecutiveFailures));
            Assert.InRange(wait, ceiling / 2, ceiling);
            Assert.True(ceiling >= previousCeiling);
            previousCeiling = ceiling;
            d.FireTimer();
        }
        Assert.Equal(policy.BackoffMax.TotalSeconds, previousCeiling);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(603)]
    public void Forbidden_not_found_and_global_failures_are_rejections(int status)
    {
        var d = Started();
        d.Handle(new I.Response(1, status, Reason: "Forbidden"));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        Assert.Equal(status, d.State.LastStatus);
        Assert.Equal(BindingDriver.T0 + TimeSpan.FromMinutes(30), d.State.NextActionAt);
    }

    [Fact]
    public void Late_answers_to_older_requests_are_ignored()
    {
        var d = Started();
        d.Handle(new I.Response(1, 423, MinExpires: 7200));
        var before = d.State;
        Assert.Empty(d.Handle(new I.Response(1, 200, GrantedExpires: 60)));
        Assert.Equal(before, d.State);
    }

    [Fact]
    public void Removal_unregisters_first_then_stops()
    {
        var d = Started();
        RegisterWithChallenge(d, 3600);
        var effects = d.Handle(new I.Remove());
        var send = Assert.IsType<E.SendRegister>(Assert.Single(effects));
        Assert.Equal(0, send.Expires);
        Assert.Equal(BindingPhase.Unregistering, d.State.Phase);

        d.Handle(new I.Response(send.CSeq, 401, Challenge: BindingDriver.Digest("realm.example1.com", "n9")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        Assert.Equal(0, d.LastSend.Expires);
        effects = d.Handle(new I.Response(d.LastSend.CSeq, 200));
        Assert.IsType<BindingEvent.Unregistered>(Assert.IsType<E.Persist>(effects[0]).Event);
        Assert.IsType<E.Stop>(effects[1]);
        Assert.Equal(BindingPhase.Stopped, d.State.Phase);
    }

    [Fact]
    public void Unregister_sends_expires_zero_and_register_now_brings_the_binding_back_with_its_call_id()
    {
        var d = Started();
        RegisterWithChallenge(d, 3600);
        var callId = d.State.CallId;
        var send = Assert.IsType<E.SendRegister>(Assert.Single(d.Handle(new I.Unregister())));
        Assert.Equal(0, send.Expires);
        var done = d.Handle(new I.Response(send.CSeq, 200));
        Assert.IsType<BindingEvent.Unregistered>(Assert.IsType<E.Persist>(Assert.Single(done)).Event); // no Stop: the entity stays
        Assert.Equal(BindingPhase.Stopped, d.State.Phase);
        Assert.Empty(d.Handle(new I.TimerFired())); // stays down: no refresh

        var again = Assert.IsType<E.SendRegister>(Assert.Single(d.Handle(new I.RegisterNow())));
        Assert.Equal(3600, again.Expires);
        Assert.True(again.CSeq > send.CSeq);
        Assert.Equal(BindingPhase.Registering, d.State.Phase);
        Assert.Equal(callId, d.State.CallId);
    }

    [Fact]
    public void A_refused_certificate_is_held_like_a_rejection_with_its_reason_after_the_last_target()
    {
        var d = Started(targets: 2);
        // The first target's server is refused: the next target is another server with its own certificate.
        var next = Assert.IsType<E.SendRegister>(Assert.Single(d.Handle(new I.Failed(1, TransactionFailure.CertificateNotTrusted, "UntrustedRoot (x)"))));
        Assert.Equal(1, next.TargetIndex);

        var effects = d.Handle(new I.Failed(next.CSeq, TransactionFailure.CertificateNotTrusted, "name mismatch"));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        Assert.Equal("certificate not trusted: name mismatch", d.State.LastReason);
        Assert.Null(d.State.LastStatus);
        Assert.Equal(new BindingEvent.Rejected(null, "certificate not trusted: name mismatch", BindingDriver.T0 + d.Policy.RejectedRetry),
            Assert.IsType<E.Persist>(effects[0]).Event);
        Assert.Equal(BindingDriver.T0 + d.Policy.RejectedRetry, Assert.IsType<E.ScheduleAt>(effects[1]).At);
    }

    [Fact]
    public void A_lost_connection_re_registers_a_registered_binding_and_nothing_else()
    {
        var d = Started();
        RegisterWithChallenge(d, 3600);
        var send = Assert.IsType<E.SendRegister>(Assert.Single(d.Handle(new I.ConnectionLost())));
        Assert.Equal(3600, send.Expires);
        Assert.Null(send.Credential);
        Assert.Equal(BindingPhase.Registering, d.State.Phase);
        // While that REGISTER is in flight, or once stopped, rejected or backing off, a loss changes nothing.
        Assert.Empty(d.Handle(new I.ConnectionLost()));
        d.Handle(new I.Response(send.CSeq, 403));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        Assert.Empty(d.Handle(new I.ConnectionLost()));
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
    }

    [Fact]
    public void Removal_of_a_binding_that_never_registered_stops_without_sending()
    {
        var d = Started();
        d.Handle(new I.Response(1, 403));
        var effects = d.Handle(new I.Remove());
        Assert.DoesNotContain(effects, e => e is E.SendRegister);
        Assert.Contains(effects, e => e is E.Stop);
    }

    [Fact]
    public void Recovery_keeps_the_call_id_and_continues_the_cseq_above_the_reservation()
    {
        var first = Started(expires: 600);
        RegisterWithChallenge(first, 600);

        // What the journal holds, replayed into a fresh state as the actor's recovery does.
        var recovered = first.Persisted.Aggregate(new BindingState(), (s, e) => s.Apply(e));
        Assert.Equal("call-1@node-a", recovered.CallId);
        Assert.Equal(100u, recovered.CSeqReservedUpTo);

        var d = RegistrationMachine.Handle(recovered, new I.Start(600, 1, "<sip:1111@10.0.0.2:5070>"),
            new RegistrationContext(BindingDriver.T0.AddMinutes(1), new Random(1), RegistrationPolicy.Default));
        var send = Assert.Single(d.Effects.OfType<E.SendRegister>());
        Assert.Equal(101u, send.CSeq);
        Assert.Equal(new BindingEvent.CSeqReserved(200), Assert.Single(d.Effects.OfType<E.Persist>()).Event);
        Assert.Equal("<sip:1111@10.0.0.2:5070>", d.State.Contact);
    }

    [Fact]
    public void After_a_move_the_old_nodes_contact_is_removed_once_with_the_next_registration()
    {
        var first = Started(expires: 600);
        RegisterWithChallenge(first, 600);
        var recovered = first.Persisted.Aggregate(new BindingState(), (s, e) => s.Apply(e));
        var ctx = new RegistrationContext(BindingDriver.T0.AddMinutes(1), new Random(1), RegistrationPolicy.Default);

        var moved = RegistrationMachine.Handle(recovered, new I.Start(600, 1, "<sip:1111@10.0.0.2:5070>"), ctx).State;
        Assert.Equal("<sip:1111@127.0.0.1:5070>", moved.StaleContact);
        var registered = RegistrationMachine.Handle(moved, new I.Response(moved.CSeq, 200, GrantedExpires: 600), ctx).State;
        Assert.Null(registered.StaleContact);

        // Same node again (restart in place): nothing is stale.
        var same = RegistrationMachine.Handle(recovered, new I.Start(600, 1, "<sip:1111@127.0.0.1:5070>"), ctx).State;
        Assert.Null(same.StaleContact);
    }

    [Fact]
    public void A_recovered_rejection_waits_for_its_retry_time()
    {
        var d = Started();
        d.Handle(new I.Response(1, 403));
        var recovered = d.Persisted.Aggregate(new BindingState(), (s, e) => s.Apply(e));
        var decision = RegistrationMachine.Handle(recovered, new I.Start(3600, 1, "<sip:x@h>"),
            new RegistrationContext(BindingDriver.T0.AddMinutes(5), new Random(1), RegistrationPolicy.Default));
        Assert.Equal(new E.ScheduleAt(BindingDriver.T0.AddMinutes(30)), Assert.Single(decision.Effects));
    }

    [Fact]
    public void Ok_without_expiry_keeps_the_requested_one()
    {
        var d = Started(expires: 300);
        d.Handle(new I.Response(1, 200));
        Assert.Equal(300, d.State.GrantedExpires);
        Assert.Equal(BindingDriver.T0.AddSeconds(240), d.State.NextActionAt);
    }

    /// <summary>The outcomes that say "this server, not the registrar service, is the problem".</summary>
    private static I Outcome(string outcome, uint cseq, TargetChoice? sent = null) => outcome switch
    {
        "408" => new I.Response(cseq, 408, Reason: "Request Timeout") { Sent = sent },
        "503" => new I.Response(cseq, 503, Reason: "Service Unavailable") { Sent = sent },
        "timeout" => new I.Failed(cseq, TransactionFailure.Timeout) { Sent = sent },
        "transport" => new I.Failed(cseq, TransactionFailure.TransportError) { Sent = sent },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    [Theory]
    [InlineData("408")]
    [InlineData("503")]
    [InlineData("timeout")]
    [InlineData("transport")]
    public void Each_failover_outcome_moves_to_the_next_target_then_backs_off_from_the_first(string outcome)
    {
        var d = Started(targets: 3);
        var tried = new List<int> { d.LastSend.TargetIndex };
        while (d.State.Phase == BindingPhase.Registering)
        {
            d.Handle(Outcome(outcome, d.LastSend.CSeq));
            if (d.State.Phase == BindingPhase.Registering) tried.Add(d.LastSend.TargetIndex);
        }

        Assert.Equal([0, 1, 2], tried);
        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Equal(1, d.State.ConsecutiveFailures); // one failed attempt, not three
        Assert.Equal(0, d.State.TargetIndex);
    }

    [Theory]
    [InlineData(480)]
    [InlineData(486)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void Other_failures_back_off_without_trying_the_next_target(int status)
    {
        var d = Started(targets: 3);
        d.Handle(new I.Response(d.LastSend.CSeq, status));

        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Equal(0, d.State.TargetIndex);
    }

    [Fact]
    public void A_dns_failure_is_the_reason_shown_and_no_target_is_skipped()
    {
        var d = Started(targets: 2);
        d.Handle(new I.Failed(d.LastSend.CSeq, TransactionFailure.Unresolved, "dns: no SRV/A for sip.example.test"));

        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Null(d.State.LastStatus);
        Assert.Equal("dns: no SRV/A for sip.example.test", d.State.LastReason);
        Assert.Equal(0, d.State.TargetIndex);
    }

    [Fact]
    public void A_failure_detail_replaces_the_generic_text()
    {
        var d = Started();
        d.Handle(new I.Failed(d.LastSend.CSeq, TransactionFailure.TransportError, "certificate not trusted: unknown CA"));

        Assert.Equal("certificate not trusted: unknown CA", d.State.LastReason);
        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
    }

    [Fact]
    public void The_target_list_of_the_latest_resolution_decides_whether_a_next_target_exists()
    {
        // Started when the registrar resolved to one target; re-resolved to three before this REGISTER went out.
        var d = Started(targets: 1);
        d.Handle(Outcome("503", d.LastSend.CSeq, new TargetChoice(0, 3)));
        Assert.Equal(1, d.LastSend.TargetIndex);
        Assert.Equal(3, d.State.TargetCount);

        // Registered at the second target, which is refreshed there.
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: 100) { Sent = new TargetChoice(1, 3) });
        d.FireTimer();
        Assert.Equal(1, d.LastSend.TargetIndex);

        // The list shrank to one target meanwhile: the runtime sent to the top, and a timeout there leaves nothing to try.
        d.Handle(Outcome("timeout", d.LastSend.CSeq, new TargetChoice(0, 1)));
        Assert.Equal(BindingPhase.Backoff, d.State.Phase);
        Assert.Equal(1, d.State.TargetCount);
    }
}
