using ActorSip.Trunks.Registration;
using E = ActorSip.Trunks.Registration.RegistrationEffect;
using I = ActorSip.Trunks.Registration.RegistrationInput;

namespace ActorSip.Trunks.Tests.Registration;

/// <summary>`refresh-ratio` and `auth-realm` as the pure machine decides them.</summary>
public sealed class RegistrarOptionsMachineTests
{
    private static BindingDriver Started(int expires, double? ratio = null, string? authRealm = null, RegistrationPolicy? policy = null)
    {
        var d = new BindingDriver(policy);
        d.Handle(new I.Start(expires, 1, "<sip:1111@127.0.0.1:5070>", ratio, authRealm));
        return d;
    }

    [Theory]
    // granted, registrar refresh-ratio (share), node default, seconds until the refresh
    [InlineData(60, 0.5, 0.8, 30)]
    [InlineData(60, null, 0.8, 48)]
    [InlineData(120, 0.75, 0.8, 90)]
    [InlineData(3600, 1.0, 0.8, 3600)]
    [InlineData(600, null, 0.9, 540)]
    [InlineData(600, 0.6, 0.9, 360)]
    public void The_refresh_comes_at_the_registrars_ratio_else_the_nodes(int granted, double? ratio, double nodeDefault, int refreshAfter)
    {
        var d = Started(granted, ratio, policy: RegistrationPolicy.Default with { RefreshRatio = nodeDefault });
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: granted));
        Assert.Equal(BindingDriver.T0.AddSeconds(refreshAfter), d.LastSchedule.At);

        // Every refresh keeps the ratio, not only the first.
        d.FireTimer();
        var sentAt = d.Now;
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: granted));
        Assert.Equal(sentAt.AddSeconds(refreshAfter), d.LastSchedule.At);
    }

    [Fact]
    public void A_new_start_without_a_ratio_falls_back_to_the_node_default()
    {
        var d = Started(60, 0.5);
        d.Handle(new I.Start(60, 1, "<sip:1111@127.0.0.1:5070>"));
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: 60));
        Assert.Equal(BindingDriver.T0.AddSeconds(48), d.LastSchedule.At);
    }

    [Theory]
    // auth-realm, challenged realm, status, answered (credential looked up) or refused
    [InlineData("provider-a.test", "provider-a.test", 401, true)]
    [InlineData("provider-a.test", "PROVIDER-A.test", 401, true)]
    [InlineData("provider-a.test", "provider-a.test", 407, true)]
    [InlineData(null, "provider-b.test", 401, true)]
    [InlineData("provider-a.test", "provider-b.test", 401, false)]
    [InlineData("provider-a.test", "provider-b.test", 407, false)]
    [InlineData("provider-a.test", "", 401, false)]
    public void A_challenge_naming_another_realm_than_auth_realm_is_refused_without_any_credential(
        string? authRealm, string realm, int status, bool answered)
    {
        var d = Started(3600, authRealm: authRealm);
        var challenge = BindingDriver.Digest(realm, "n1") with { Proxy = status == 407 };
        var effects = d.Handle(new I.Response(d.LastSend.CSeq, status, Challenge: challenge));
        if (answered)
        {
            Assert.Equal(realm, Assert.IsType<E.LookupCredential>(Assert.Single(effects)).Challenge.Realm);
            return;
        }
        Assert.Equal(BindingPhase.Rejected, d.State.Phase);
        var rejected = Assert.IsType<BindingEvent.Rejected>(Assert.IsType<E.Persist>(effects[0]).Event);
        Assert.Equal(status, rejected.Status);
        Assert.Equal($"challenge realm '{realm}' is not auth-realm '{authRealm}'", rejected.Reason);
        Assert.Equal(BindingDriver.T0 + TimeSpan.FromMinutes(30), Assert.IsType<E.ScheduleAt>(effects[1]).At);
        // Never asked the directory, never sent a credential.
        Assert.Empty(d.Effects.OfType<E.LookupCredential>());
        Assert.All(d.Effects.OfType<E.SendRegister>(), s => Assert.Null(s.Credential));
    }

    [Fact]
    public void An_unregister_challenged_with_another_realm_ends_without_a_credential()
    {
        var d = Started(3600, authRealm: "provider-a.test");
        d.Handle(new I.Response(d.LastSend.CSeq, 401, Challenge: BindingDriver.Digest("provider-a.test", "n1")));
        d.Handle(new I.CredentialResolved(BindingDriver.Credential));
        d.Handle(new I.Response(d.LastSend.CSeq, 200, GrantedExpires: 3600));
        var lookups = d.Effects.OfType<E.LookupCredential>().Count();

        d.Handle(new I.Unregister());
        var effects = d.Handle(new I.Response(d.LastSend.CSeq, 401, Challenge: BindingDriver.Digest("provider-b.test", "n2")));
        Assert.Equal(BindingPhase.Stopped, d.State.Phase);
        Assert.DoesNotContain(effects, e => e is E.LookupCredential or E.SendRegister);
        Assert.Equal(lookups, d.Effects.OfType<E.LookupCredential>().Count());
    }
}
