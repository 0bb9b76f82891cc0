using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>What crosses the wire for credentials: the SetSlice the trunk configuration sends and the lookup answer
/// a slice returns hold no configured password, in any encoding, and still carry the same credentials.</summary>
public sealed class CredentialWireTests : IDisposable
{
    private const string CredentialPassword = "Wire-Cred-Pw-7731";
    private const string AuthenticationPassword = "Wire-Auth-Pw-4419";
    private const string Slice = "1001/a.test";

    private const string Ios = $"""
        sip-ua
         registrar 1 ipv4:127.0.0.1:5999 expires 600
         credentials number 1001 username u1001 password {CredentialPassword} realm a.test
         authentication username global password {AuthenticationPassword} realm b.test
        """;

    private readonly TempDataDir _dir = new();
    private readonly SecretProtector _protector;

    public CredentialWireTests() => _protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SetSlice_and_lookup_answer_payloads_hold_no_configured_password_and_carry_the_credentials()
    {
        using var node = new Node(_dir.Path);
        var captured = new ConcurrentQueue<WireTap.Payload>();
        var credentials = node.Sys.ActorOf(WireTap.Props(_protector, captured), "credential");
        // The trunk-config singleton as the node runs it: its SetSlices go out through the tap.
        var config = node.Sys.ActorOf(TrunkConfigActor.Props(_protector, node.Probe().Ref, credentials, node.Probe().Ref));
        var client = node.Probe();
        config.Tell(new TrunkConfigCommands.Replace(_protector.Protect(Ios, TrunkConfigActor.PersistenceIdValue), "trunks.cfg",
            "akka.tcp://actorsip@127.0.0.1:4053"), client.Ref);
        Assert.True(client.ExpectMsg<TrunkConfigQueries.ReplaceResult>(Node.Timeout).Changed);

        var directory = new ShardedCredentialDirectory(credentials, _protector, Node.Timeout);
        var answer = await Eventually(async () => await directory.LookupAsync(Challenge("a.test"), CancellationToken.None) as CredentialLookup.Answer);
        var global = Assert.IsType<CredentialLookup.Answer>(await directory.LookupAsync(Challenge("b.test"), CancellationToken.None));

        // The credentials came through: the username, and the password once decrypted for use.
        Assert.Equal(("u1001", 2), (answer.Username, answer.Step));
        Assert.Equal(CredentialPassword, answer.Password.Use(p => Encoding.UTF8.GetString(p)));
        Assert.Equal(("global", AuthenticationPassword), (global.Username, global.Password.Use(p => Encoding.UTF8.GetString(p))));

        var payloads = captured.ToList();
        var sets = payloads.Where(p => p.Manifest == "credential-set-slice.v2").ToList();
        var results = payloads.Where(p => p.Manifest == "credential-lookup-result.v2").ToList();
        Assert.Equal(2, sets.Count); // the slices 1001/a.test and 1001/*
        Assert.True(results.Count >= 2, $"{results.Count} lookup answers captured");
        foreach (var payload in payloads)
        foreach (var password in new[] { CredentialPassword, AuthenticationPassword })
            Assert.True(Needles.FindIn(payload.Bytes, password) is null,
                $"{payload.Manifest} holds a configured password ({Needles.FindIn(payload.Bytes, password)}): {Encoding.UTF8.GetString(payload.Bytes)}");

        // The SetSlice as it came off the wire decrypts (for a SetSlice of its slice) to the configured password.
        var set = (CredentialCommands.SetSlice)Deserialize(node, sets.Single(s => Encoding.UTF8.GetString(s.Bytes).Contains(Slice, StringComparison.Ordinal)));
        var entry = Assert.Single(set.Entries);
        Assert.Equal((CredentialSource.SipUaCredentials, "u1001", "a.test"), (entry.Source, entry.Username, entry.Realm));
        Assert.Equal(CredentialPassword, _protector.Unprotect(entry.Password, CredentialAssociatedData.SetSlice(Slice)));
        // The usernames are on the wire (they are not secret): the search itself works.
        Assert.Contains("u1001", Encoding.UTF8.GetString(sets[0].Bytes) + Encoding.UTF8.GetString(sets[1].Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wire_ciphertext_decrypts_only_for_its_slice_and_purpose()
    {
        var set = TestSlices.Set(Slice, _protector, (CredentialSource.SipUaCredentials, "u1001", CredentialPassword, "a.test", null));
        var secret = set.Entries[0].Password;
        Assert.Equal(CredentialPassword, _protector.Unprotect(secret, CredentialAssociatedData.SetSlice(Slice)));
        foreach (var other in new[]
                 {
                     CredentialAssociatedData.Journal(Slice), CredentialAssociatedData.LookupResult(Slice),
                     CredentialAssociatedData.SetSlice("1001/*"), CredentialAssociatedData.SetSlice("1002/a.test"),
                 })
            Assert.Throws<JournalKeyException>(() => _protector.Unprotect(secret, other));
    }

    [Fact]
    public void A_SetSlice_made_for_another_slice_or_with_another_key_is_refused_and_nothing_is_stored()
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var entity = node.Sys.ActorOf(CredentialActor.Props(Slice, _protector), CredentialActor.EntityName(Slice));
        var entries = (CredentialSource.SipUaCredentials, "u1001", CredentialPassword, "a.test", (int?)null);

        var forOther = TestSlices.Set("1002/a.test", _protector, entries);
        entity.Tell(new CredentialCommands.SetSlice(Slice, forOther.Entries), probe);
        var failure = probe.ExpectMsg<Status.Failure>(Node.Timeout);
        Assert.IsType<JournalKeyException>(failure.Cause);
        Assert.DoesNotContain(CredentialPassword, failure.Cause.Message, StringComparison.Ordinal);

        var otherKey = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));
        entity.Tell(TestSlices.Set(Slice, otherKey, entries), probe);
        var keyFailure = Assert.IsType<JournalKeyException>(probe.ExpectMsg<Status.Failure>(Node.Timeout).Cause);
        Assert.Contains(JournalKeyring.KeyVariable, keyFailure.Message, StringComparison.Ordinal);

        entity.Tell(new CredentialQueries.Describe(Slice), probe);
        Assert.Empty(probe.ExpectMsg<CredentialQueries.Description>(Node.Timeout).Entries);
    }

    [Fact]
    public void Retired_manifests_are_not_read_and_not_reused()
    {
        using var node = new Node(_dir.Path);
        var serializer = (ActorSipSerializer)node.Sys.Serialization.FindSerializerForType(typeof(CredentialCommands.SetSlice));
        // What an older node sent: the password in clear. Refused, never trusted.
        var old = """{"sliceId":"1001/a.test","entries":[{"source":"SipUaCredentials","username":"u","password":"pw","realm":"a.test","dialPeer":null}]}"""u8.ToArray();
        Assert.Throws<SerializationException>(() => serializer.FromBinary(old, "credential-set-slice.v1"));
        Assert.Empty(SerializerRegistry.Retired.Intersect(SerializerRegistry.Entries.Select(e => e.Manifest)));
    }

    private static object Deserialize(Node node, WireTap.Payload payload) =>
        node.Sys.Serialization.Deserialize(payload.Bytes, ActorSipSerializer.Id, payload.Manifest);

    private static Challenge Challenge(string realm) =>
        new(new Realm(realm), null, ChallengedMethod.Register, EndpointNumber.Parse("1001"), null);

    /// <summary>The slices are written after the change is acknowledged: ask until they answer (bounded).</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> attempt) where T : class
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await attempt() is { } done) return done;
            if (DateTime.UtcNow > until) throw new TimeoutException("the credential slices never answered");
            await Task.Delay(100);
        }
    }
}
