using Akka;
using Akka.Actor;
using Akka.TestKit;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>
/// The trunk-config singleton's restart: credential slices it knows to be stored are not sent again (a node with
/// 10,000 of them spent its restart recovering them), slices whose storing was not confirmed are.
/// </summary>
public sealed class TrunkConfigActorTests : IDisposable
{
    private const string Ios = """
        sip-ua
         registrar 1 ipv4:127.0.0.1:5999 expires 600
         credentials number 1001 username u1001 password pw-1 realm a.test
         credentials number 1002 username u1002 password pw-2 realm a.test
        """;

    private readonly TempDataDir _dir = new();
    private readonly SecretProtector _protector;

    public TrunkConfigActorTests() => _protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void After_a_restart_stored_slices_are_not_sent_again_and_the_bindings_are_configured()
    {
        using (var node = new Node(_dir.Path))
        {
            var (config, bindings, credentials, client) = StartAndReplace(node);
            AcknowledgeSlices(credentials, 2);
            Assert.Equal(2, Configures(bindings, 2).Count);
            // Commands wait for a persist in progress: this answer comes after the "stored" event is written.
            config.Tell(TrunkConfigQueries.Get.Instance, client.Ref);
            Assert.Equal(1, client.ExpectMsg<TrunkConfigQueries.Current>(Node.Timeout).Version);
        }
        using (var restarted = new Node(_dir.Path))
        {
            var (_, bindings, credentials, _) = Start(restarted);
            Assert.Equal(["1001@1", "1002@1"], Configures(bindings, 2).Select(c => $"{c.Spec.Endpoint}@{c.Spec.Registrar.Id}").Order());
            credentials.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        }
    }

    [Fact]
    public void Slices_not_confirmed_before_a_crash_are_sent_again_before_the_bindings_start()
    {
        using (var node = new Node(_dir.Path))
        {
            var (_, bindings, credentials, _) = StartAndReplace(node);
            credentials.ExpectMsg<CredentialCommands.SetSlice>(Node.Timeout); // never answered: the node stops first
            bindings.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
        using (var restarted = new Node(_dir.Path))
        {
            var (_, bindings, credentials, _) = Start(restarted);
            bindings.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // not before the slices are stored
            AcknowledgeSlices(credentials, 2);
            Assert.Equal(2, Configures(bindings, 2).Count);
        }
    }

    [Fact]
    public void A_slice_write_lost_on_the_way_is_sent_again_before_the_bindings_start()
    {
        using var node = new Node(_dir.Path);
        var (_, bindings, credentials, _) = StartAndReplace(node, writeTimeout: TimeSpan.FromMilliseconds(500));
        // The first SetSlice is lost (a shard region drops it during a hand-off): never answered.
        var lost = credentials.ExpectMsg<CredentialCommands.SetSlice>(Node.Timeout);
        var other = credentials.ExpectMsg<CredentialCommands.SetSlice>(Node.Timeout);
        credentials.Reply(Done.Instance);
        bindings.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // not while a slice is missing
        var again = credentials.ExpectMsg<CredentialCommands.SetSlice>(Node.Timeout);
        Assert.Equal(lost, again);
        Assert.NotEqual(lost.SliceId, other.SliceId);
        credentials.Reply(Done.Instance);
        Assert.Equal(2, Configures(bindings, 2).Count);
    }

    [Fact]
    public void A_binding_configuration_lost_on_the_way_is_sent_again()
    {
        using var node = new Node(_dir.Path);
        var (_, bindings, credentials, _) = StartAndReplace(node, writeTimeout: TimeSpan.FromMilliseconds(500));
        AcknowledgeSlices(credentials, 2);
        var lost = bindings.ExpectMsg<BindingCommands.Configure>(Node.Timeout);
        bindings.ExpectMsg<BindingCommands.Configure>(Node.Timeout);
        bindings.Reply(Done.Instance);
        Assert.Equal(lost, bindings.ExpectMsg<BindingCommands.Configure>(Node.Timeout));
        bindings.Reply(Done.Instance);
        bindings.ExpectNoMsg(TimeSpan.FromMilliseconds(800)); // both answered: nothing more
    }

    [Fact]
    public void Lines_validated_against_the_same_version_all_land_when_they_touch_different_items()
    {
        using var node = new Node(_dir.Path);
        var (config, _, _, client) = StartAndReplace(node);
        for (var i = 0; i < 5; i++)
            config.Tell(ApplyLines($"sip-ua\n credentials number 200{i} username u200{i} password p{i} realm a.test\n", 1), client.Ref);
        var versions = Enumerable.Range(0, 5).Select(_ =>
        {
            var result = client.ExpectMsg<TrunkConfigQueries.ApplyResult>(Node.Timeout);
            Assert.Empty(result.Errors);
            Assert.True(Assert.Single(result.Lines).Changed);
            return result.Version;
        }).ToList();
        Assert.Equal(5, versions.Distinct().Count());
        config.Tell(TrunkConfigQueries.GetEncrypted.Instance, client.Ref);
        var running = client.ExpectMsg<TrunkConfigQueries.Encrypted>(Node.Timeout);
        var text = _protector.Unprotect(running.IosText!, TrunkConfigActor.PersistenceIdValue);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"credentials number 200{i} username u200{i}", text, StringComparison.Ordinal));
        Assert.Equal(versions.Max(), running.Version);
    }

    [Fact]
    public void Lines_that_change_an_item_changed_since_their_version_are_refused_as_a_conflict_and_nothing_is_applied()
    {
        using var node = new Node(_dir.Path);
        var (config, _, _, client) = StartAndReplace(node);
        const string mine = "sip-ua\n registrar 2 ipv4:127.0.0.1:5998 expires 600\n no credentials number 1001 username u1001 realm a.test\n";
        config.Tell(ApplyLines("sip-ua\n no credentials number 1001 username u1001 realm a.test\n credentials number 1001 username u1001 password new realm a.test\n", 1), client.Ref);
        Assert.Empty(client.ExpectMsg<TrunkConfigQueries.ApplyResult>(Node.Timeout).Errors);
        config.Tell(ApplyLines(mine, 1, "mine"), client.Ref);
        var refused = client.ExpectMsg<TrunkConfigQueries.ApplyResult>(Node.Timeout);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("% conflict: 'no credentials number 1001 username u1001 realm a.test': credentials number 1001 realm a.test was changed by akka.tcp://actorsip@127.0.0.1:4054 (config apply other as token:test)", error.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Lines);
        config.Tell(TrunkConfigQueries.GetEncrypted.Instance, client.Ref);
        var text = _protector.Unprotect(client.ExpectMsg<TrunkConfigQueries.Encrypted>(Node.Timeout).IosText!, TrunkConfigActor.PersistenceIdValue);
        Assert.DoesNotContain("registrar 2", text, StringComparison.Ordinal);
    }

    /// <summary>As a node sends them: validated against the configuration of <see cref="Ios"/> (version 1).</summary>
    private TrunkConfigCommands.Apply ApplyLines(string lines, long baseVersion, string source = "other") =>
        new(_protector.Protect(lines, TrunkConfigActor.PersistenceIdValue), baseVersion,
            [.. VersionedApply.TouchedBy(IosApply.Apply(IosConfigReader.Read(Ios, "t").Config!, lines, source)).Select(t => new TrunkConfigCommands.TouchedItem(t.Line, t.Key.Name, t.Key.Scope))],
            source, "akka.tcp://actorsip@127.0.0.1:4054", "token:test");

    private (IActorRef Config, TestProbe Bindings, TestProbe Credentials, TestProbe Registrars) Start(Node node, TimeSpan? writeTimeout = null)
    {
        var bindings = node.Probe();
        var credentials = node.Probe();
        var registrars = node.Probe();
        var config = node.Sys.ActorOf(TrunkConfigActor.Props(_protector, bindings.Ref, credentials.Ref, registrars.Ref, writeTimeout));
        return (config, bindings, credentials, registrars);
    }

    /// <summary>A fresh singleton given the configuration; the change is persisted when this returns.</summary>
    private (IActorRef Config, TestProbe Bindings, TestProbe Credentials, TestProbe Client) StartAndReplace(Node node, TimeSpan? writeTimeout = null)
    {
        var (config, bindings, credentials, _) = Start(node, writeTimeout);
        var client = node.Probe();
        config.Tell(new TrunkConfigCommands.Replace(_protector.Protect(Ios, TrunkConfigActor.PersistenceIdValue), "trunks.cfg",
            "akka.tcp://actorsip@127.0.0.1:4053"), client.Ref);
        Assert.True(client.ExpectMsg<TrunkConfigQueries.ReplaceResult>(Node.Timeout).Changed);
        return (config, bindings, credentials, client);
    }

    private static void AcknowledgeSlices(TestProbe credentials, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(credentials.ExpectMsg<CredentialCommands.SetSlice>(Node.Timeout).SliceId);
            credentials.Reply(Done.Instance);
        }
        Assert.Equal(["1001/a.test", "1002/a.test"], ids.Order());
    }

    private static List<BindingCommands.Configure> Configures(TestProbe bindings, int count) =>
        Enumerable.Range(0, count).Select(_ => bindings.ExpectMsg<BindingCommands.Configure>(Node.Timeout)).ToList();
}
