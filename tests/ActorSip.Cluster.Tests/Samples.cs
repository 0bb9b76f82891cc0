using System.Collections.Immutable;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Registrars;
using ActorSip.Cluster.Security;
using ActorSip.Sip;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Tests;

/// <summary>One or more instances of every registered type, with nulls, enums, dates and nested records filled in.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 21, 30, 15, 123, TimeSpan.FromHours(1));

    public static readonly BindingSpec Spec = new("1111",
        new PlannedRegistrar("1", new RegistrarTarget(RegistrarTargetKind.Dns, "reg.example.com", 5061), 3600, SipTransportKind.Tls));

    /// <summary>A registrar with every IOS option set (refresh-ratio, auth-realm, random-contact, scheme sips).</summary>
    public static readonly PlannedRegistrar WithOptions = Spec.Registrar with
    {
        RefreshRatio = 50, AuthRealm = "realm.example.com", RandomContact = true, Scheme = RegistrarScheme.Sips,
    };

    public static readonly EncryptedSecret Encrypted = new("k0123456789abcdef", "bm9uY2U=", "Y2lwaGVy", "dGFn");

    public static readonly CredentialEntry Entry = new(CredentialSource.SipUaCredentials, "alice", Encrypted, "realm.example.com", null);

    public static IEnumerable<object> All()
    {
        yield return new BindingEvent.Created("a84b4c76e66710@actorsip", "1928301774");
        yield return new BindingEvent.CSeqReserved(100);
        yield return new BindingEvent.Registered(1800, At, "<sip:1111@192.0.2.10:5061;transport=tls>");
        yield return new BindingEvent.Rejected(403, "Forbidden", At);
        yield return new BindingEvent.Rejected(null, "no credential for realm x", At);
        yield return new BindingEvent.Unregistered(At);
        yield return new BindingEvents.Configured(Spec);
        yield return new BindingEvents.Configured(Spec with { Registrar = Spec.Registrar with { Target = new RegistrarTarget(RegistrarTargetKind.Ipv6, "2001:db8::1", null) } });
        yield return new BindingSnapshot(Spec, new BindingState
        {
            Phase = BindingPhase.Registered, CallId = "c@actorsip", FromTag = "t", CSeq = 7, CSeqReservedUpTo = 100,
            GrantedExpires = 1800, RegisteredAt = At, Contact = "<sip:1111@192.0.2.10>", LastStatus = 200, NextActionAt = At.AddMinutes(24),
            TargetIndex = 1, TargetCount = 2,
            Attempt = new AttemptState(1, 1, new RegistrarChallenge("realm.example.com", "n0nce", Stale: true, Proxy: false, "Digest realm=\"realm.example.com\"")),
        });
        yield return new BindingSnapshot(Spec, new BindingState());
        yield return new BindingEvents.Configured(Spec with { Registrar = WithOptions });
        yield return new BindingSnapshot(Spec with { Registrar = WithOptions }, new BindingState { CallId = "c@actorsip", RefreshRatio = 0.5, AuthRealm = "realm.example.com" });
        yield return new BindingCommands.Configure(Spec);
        yield return new BindingCommands.Configure(Spec, Added: true);
        yield return new BindingCommands.Remove("1111@1");
        yield return new BindingCommands.RegisterNow("1111@1");
        yield return new BindingCommands.Unregister("1111@1");
        yield return new BindingCommands.ConnectionLost("1111@1");
        yield return new BindingQueries.GetStatus("1111@1");
        yield return new BindingQueries.Status("1111@1", "1111", "1", "dns:reg.example.com:5061", BindingPhase.Backoff, null, 503, "Service Unavailable", "c@actorsip", 9, "akka.tcp://actorsip@n1:4053");
        yield return new BindingQueries.Status("1111@1", "1111", "1", "dns:reg.example.com", BindingPhase.Registered, At, 200, null, "c@actorsip", 3, "n2");
        yield return Encrypted;
        yield return new CredentialCommands.SetSlice("1111/realm.example.com",
            [Entry with { Source = CredentialSource.DialPeerAuthentication, Username = "bob", Realm = null, DialPeer = 10 }]);
        yield return new CredentialCommands.Clear("1111/*");
        yield return new CredentialEvents.SliceSet([Entry, Entry with { Source = CredentialSource.SipUaAuthentication, Realm = null }]);
        yield return new CredentialEvents.SliceCleared();
        yield return new CredentialSnapshot([Entry]);
        yield return new CredentialQueries.Lookup("1111/*", null, "alice", ChallengedMethod.InviteOrOther);
        yield return new CredentialQueries.LookupResult("alice", Encrypted, null, 2);
        yield return new CredentialQueries.LookupResult(null, null, "no authentication or credential for realm x", 4);
        yield return new CredentialQueries.Describe("1111/*");
        yield return new CredentialQueries.Description("1111/*",
            [new CredentialQueries.EntrySummary(CredentialSource.DialPeerAuthentication, "bob", null, 10)], "k0123456789abcdef");
        yield return new CredentialQueries.Description("1111/*", ImmutableArray<CredentialQueries.EntrySummary>.Empty, null);
        yield return new RegistrarCommands.Configure(Spec.Registrar);
        yield return new RegistrarCommands.Remove("1");
        yield return new RegistrarCommands.ReportOutcome("1", "udp:127.0.0.1:5060", 200, At);
        yield return new RegistrarCommands.ReportOutcome("1", "udp:127.0.0.1:5060", null, At);
        yield return new RegistrarEvents.Configured(Spec.Registrar);
        yield return new RegistrarEvents.Removed(At);
        yield return new RegistrarQueries.GetStatus("1");
        yield return new RegistrarQueries.Status("1", "dns:reg.example.com:5061", 3600, "tls", true, "tls:192.0.2.1:5061", 200, At, null, 3, 0);
        yield return new TrunkConfigCommands.Replace(Encrypted, "trunks.cfg", "akka.tcp://actorsip@127.0.0.1:4053");
        yield return new TrunkConfigEvents.Replaced(At, "akka.tcp://actorsip@127.0.0.1:4053", "trunks.cfg", Encrypted, "sip-ua\n registrar 1 dns:a.example expires 180\n", "user:alice");
        yield return new TrunkConfigEvents.Replaced(At, "akka.tcp://actorsip@127.0.0.1:4053", "trunks.cfg", Encrypted, "sip-ua\n");
        yield return new TrunkConfigEvents.CredentialsStored(7);
        yield return TrunkConfigQueries.Get.Instance;
        yield return TrunkConfigQueries.GetEncrypted.Instance;
        yield return new TrunkConfigQueries.Encrypted(Encrypted, 7);
        yield return new TrunkConfigQueries.Encrypted(null, 0);
        yield return new TrunkConfigQueries.Current("sip-ua\n", 2, 2, 4, 7);
        yield return new TrunkConfigQueries.ReplaceResult(true, null);
        yield return new TrunkConfigCommands.Apply(Encrypted, 7,
            [new TrunkConfigCommands.TouchedItem(2, "credentials number 1 realm r", null), new TrunkConfigCommands.TouchedItem(4, "dial-peer voice 3: localhost", "dial-peer voice 3")],
            "config apply -", "akka.tcp://actorsip@127.0.0.1:4053", "token:ops-alice");
        yield return new TrunkConfigQueries.ApplyResult([], [new TrunkConfigQueries.LineApplied(2, "credentials number 1 username u password ***** realm r", true)], 9);
        yield return new TrunkConfigQueries.ApplyResult([new TrunkConfigQueries.LineError("-", 2, "% conflict: ...")], [], 7);
    }
}
