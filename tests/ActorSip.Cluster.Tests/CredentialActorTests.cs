using System.Collections.Immutable;
using System.Text;
using Akka;
using Akka.Actor;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Persistence;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

public sealed class CredentialActorTests : IDisposable
{
    private const string Password = "S3cret-Grep-Me";
    private const string Slice = "1111/realm.example.com";

    private static readonly (CredentialSource Source, string Username, string Password, string? Realm, int? DialPeer)[] Entries =
    [
        (CredentialSource.SipUaCredentials, "alice", Password, "realm.example.com", null),
        (CredentialSource.SipUaAuthentication, "global", "other-pw", "realm.example.com", null),
    ];

    private readonly TempDataDir _dir = new();
    private readonly JournalKey _key = JournalKey.Generate();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_same_entries_again_record_nothing_and_a_changed_password_records_one_event()
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector()), CredentialActor.EntityName(Slice));
        var changed = Entries.ToArray();
        changed[0].Password = "changed-pw";
        foreach (var entries in new[] { Entries, Entries, changed, changed })
        {
            // Each SetSlice is encrypted anew (fresh nonces): the entity compares plaintexts, not ciphertexts.
            slice.Tell(TestSlices.Set(Slice, Protector(), entries), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
        }

        var events = Query.CurrentEvents(node.Sys, CredentialActor.PersistenceIdFor(Slice));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.IsType<CredentialEvents.SliceSet>(e.Event));
    }

    /// <summary>A first node life: stores the slice (under <paramref name="protector"/>, the current key by default)
    /// and stops.</summary>
    private void StoreSliceAndStop(SecretProtector? protector = null)
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, protector ?? Protector()), CredentialActor.EntityName(Slice));
        slice.Tell(TestSlices.Set(Slice, protector ?? Protector(), Entries), probe);
        probe.ExpectMsg<Done>(Node.Timeout);
    }

    [Fact]
    public void After_a_key_rotation_the_same_entries_are_stored_again_under_the_new_key()
    {
        var oldKey = JournalKey.Generate();
        StoreSliceAndStop(new SecretProtector(new JournalKeyring(oldKey, [], _dir.Path)));
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            // New current key, the old one kept for reading: the journal's newest copy moves to the new key.
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, new SecretProtector(new JournalKeyring(_key, [oldKey], _dir.Path))), CredentialActor.EntityName(Slice));
            slice.Tell(TestSlices.Set(Slice, new SecretProtector(new JournalKeyring(_key, [oldKey], _dir.Path)), Entries), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
            var events = Query.CurrentEvents(node.Sys, CredentialActor.PersistenceIdFor(Slice));
            Assert.Equal([oldKey.Id, _key.Id], events.Select(e => ((CredentialEvents.SliceSet)e.Event).Entries[0].Password.KeyId));
        }
    }

    [Fact]
    public void Persist_stop_recover_then_lookup_answers_with_the_password_encrypted_for_the_slice()
    {
        StoreSliceAndStop();

        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector()), CredentialActor.EntityName(Slice));
            slice.Tell(new CredentialQueries.Describe(Slice), probe);
            var description = probe.ExpectMsg<CredentialQueries.Description>(Node.Timeout);
            Assert.Equal(["alice", "global"], description.Entries.Select(e => e.Username));
            Assert.Equal(_key.Id, description.KeyId);

            slice.Tell(new CredentialQueries.Lookup(Slice, "REALM.example.com", null, ChallengedMethod.Register), probe);
            var result = probe.ExpectMsg<CredentialQueries.LookupResult>(Node.Timeout);
            Assert.Equal(("alice", 2, (string?)null), (result.Username, result.Step, result.Reason));
            Assert.Equal(Password, Protector().Unprotect(result.Password!, CredentialAssociatedData.LookupResult(Slice)));
        }
    }

    [Fact]
    public void A_slice_recovers_and_answers_while_another_connection_holds_the_write_lock()
    {
        StoreSliceAndStop();

        // A writer mid-transaction (at a restart: other entities persisting): recovery only reads, so it must not
        // queue for the lock. Before reads were deferred transactions it waited in 150 ms sleeps until the
        // command timeout (30 s) and the lookup below timed out.
        using var writer = new Microsoft.Data.Sqlite.SqliteConnection(PersistenceConfig.SqliteConnectionString(_dir.Path));
        writer.Open();
        using var transaction = writer.BeginTransaction(deferred: false);
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector()), CredentialActor.EntityName(Slice));
            slice.Tell(new CredentialQueries.Lookup(Slice, "REALM.example.com", null, ChallengedMethod.Register), probe);
            var result = probe.ExpectMsg<CredentialQueries.LookupResult>(Node.Timeout);
            Assert.Equal("alice", result.Username);
            Assert.Equal(Password, Protector().Unprotect(result.Password!, CredentialAssociatedData.LookupResult(Slice)));
        }
        transaction.Rollback();
    }

    [Fact]
    public void Lookup_follows_the_determination_order_and_never_answers_another_realm()
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var slice = node.Sys.ActorOf(CredentialActor.Props("1111/*", Protector()), "s");
        slice.Tell(TestSlices.Set("1111/*", Protector(),
            (CredentialSource.DialPeerAuthentication, "peer-a", "pa", null, 10),
            (CredentialSource.DialPeerAuthentication, "peer-b", "pb", null, 10)), probe);
        probe.ExpectMsg<Done>(Node.Timeout);

        slice.Tell(new CredentialQueries.Lookup("1111/*", "some.realm", "peer-b", ChallengedMethod.InviteOrOther), probe);
        var chosen = probe.ExpectMsg<CredentialQueries.LookupResult>(Node.Timeout);
        Assert.Equal(("peer-b", 5), (chosen.Username, chosen.Step));
        Assert.Equal("pb", Protector().Unprotect(chosen.Password!, CredentialAssociatedData.LookupResult("1111/*")));

        slice.Tell(new CredentialQueries.Lookup("1111/*", "some.realm", "nobody", ChallengedMethod.Register), probe);
        var ambiguous = probe.ExpectMsg<CredentialQueries.LookupResult>(Node.Timeout);
        Assert.Null(ambiguous.Password);
        Assert.Equal(5, ambiguous.Step);
        Assert.Contains("several authentications", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_entry_is_refused_and_nothing_is_persisted()
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector()), "s");
        slice.Tell(TestSlices.Set(Slice, Protector(), (CredentialSource.SipUaCredentials, "alice", Password, null, null)), probe);
        var failure = probe.ExpectMsg<Status.Failure>(Node.Timeout);
        Assert.IsType<ArgumentException>(failure.Cause);
        Assert.DoesNotContain(Password, failure.Cause.Message, StringComparison.Ordinal);

        slice.Tell(new CredentialQueries.Describe(Slice), probe);
        Assert.Empty(probe.ExpectMsg<CredentialQueries.Description>(Node.Timeout).Entries);
    }

    [Fact]
    public void Recovers_from_a_snapshot_when_the_events_are_gone()
    {
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector(), snapshotEvery: 1), "s");
            slice.Tell(TestSlices.Set(Slice, Protector(), Entries), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
            probe.AwaitAssert(
                () => Assert.Equal(1, Db.Scalar(_dir.Database, $"SELECT count(*) FROM snapshot WHERE persistence_id = '{CredentialActor.PersistenceIdFor(Slice)}'")),
                Node.Timeout);
        }
        // Only the snapshot can bring the entries back now.
        Db.Scalar(_dir.Database, "DELETE FROM journal; SELECT changes();");

        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector(), snapshotEvery: 1), "s");
            slice.Tell(new CredentialQueries.Describe(Slice), probe);
            Assert.Equal(["alice", "global"], probe.ExpectMsg<CredentialQueries.Description>(Node.Timeout).Entries.Select(e => e.Username));
        }
    }

    [Fact]
    public void Database_files_never_hold_the_clear_text_password()
    {
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector(), snapshotEvery: 1), "s");
            slice.Tell(TestSlices.Set(Slice, Protector(), Entries), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
            probe.AwaitAssert(() => Assert.True(Db.Scalar(_dir.Database, "SELECT count(*) FROM snapshot") > 0), Node.Timeout);
            AssertNoClearText();
            // The -wal file comes and goes with checkpoints, so ask the database itself for its journal mode.
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.Database}"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", command.ExecuteScalar() as string, ignoreCase: true);
            }
        }
        AssertNoClearText();
    }

    [Fact]
    public void Journal_payload_is_our_json_with_our_manifest()
    {
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, Protector()), "s");
            slice.Tell(TestSlices.Set(Slice, Protector(), Entries), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
            slice.Tell(new CredentialCommands.Clear(Slice), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
        }

        var rows = Db.JournalRows(_dir.Database, CredentialActor.PersistenceIdFor(Slice));
        Assert.Equal(["credential-slice-set.v1", "credential-slice-cleared.v1"], rows.Select(r => r.Manifest));
        Assert.All(rows, r => Assert.Equal(ActorSipSerializer.Id, r.SerializerId));
        var json = Encoding.UTF8.GetString(rows[0].Message);
        Assert.StartsWith("{\"entries\":[{\"source\":\"SipUaCredentials\",\"username\":\"alice\",\"password\":{\"keyId\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_key_after_restart_is_a_typed_error_to_the_caller()
    {
        StoreSliceAndStop();

        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var wrong = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));
            var slice = node.Sys.ActorOf(CredentialActor.Props(Slice, wrong), "s");
            slice.Tell(new CredentialQueries.Lookup(Slice, "realm.example.com", null, ChallengedMethod.Register), probe);
            var failure = probe.ExpectMsg<Status.Failure>(Node.Timeout);
            var e = Assert.IsType<JournalKeyException>(failure.Cause);
            Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
            Assert.Contains(JournalKeyring.KeyVariable, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, e.Message, StringComparison.Ordinal);

            // Describe still works: it never needs a secret.
            slice.Tell(new CredentialQueries.Describe(Slice), probe);
            Assert.Equal(2, probe.ExpectMsg<CredentialQueries.Description>(Node.Timeout).Entries.Length);
        }
    }

    [Fact]
    public void Entity_names_are_valid_actor_names()
    {
        Assert.True(ActorPath.IsValidPathElement(CredentialActor.EntityName("1111/*")));
        Assert.True(ActorPath.IsValidPathElement(CredentialActor.EntityName("+4930123/Realm.Example.com")));
        Assert.Equal("credential-1111/*", CredentialActor.PersistenceIdFor("1111/*"));
    }

    private SecretProtector Protector() => new(new JournalKeyring(_key, [], _dir.Path));

    private void AssertNoClearText()
    {
        var bytes = Db.AllFileBytes(_dir.Database);
        Assert.NotEmpty(bytes);
        foreach (var needle in new[] { Encoding.UTF8.GetBytes(Password), Encoding.Unicode.GetBytes(Password), Encoding.UTF8.GetBytes("other-pw") })
            Assert.Equal(-1, bytes.AsSpan().IndexOf(needle));
        // The usernames are there (they are not secret): the search itself works.
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf("alice"u8));
    }
}
