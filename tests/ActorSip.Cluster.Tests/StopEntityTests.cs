using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Supervision;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>A shard hands an entity off with <see cref="StopEntity"/>: the commands the entity received before it
/// (stashed while it persists) are carried out and answered, then the entity stops.</summary>
public sealed class StopEntityTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_credential_slice_stores_and_answers_what_came_before_the_stop()
    {
        const string slice = "1111/realm.example.com";
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));
        var entity = node.Sys.ActorOf(CredentialActor.Props(slice, protector), CredentialActor.EntityName(slice));
        probe.Watch(entity);
        var alice = (CredentialSource.SipUaCredentials, "alice", "pw", "realm.example.com", (int?)null);
        entity.Tell(TestSlices.Set(slice, protector, alice), probe);
        entity.Tell(TestSlices.Set(slice, protector, alice, alice with { Item2 = "bob" }), probe);
        entity.Tell(StopEntity.Instance);

        probe.ExpectMsg<Done>(Node.Timeout);
        probe.ExpectMsg<Done>(Node.Timeout);
        probe.ExpectTerminated(entity, Node.Timeout);
        Assert.Equal(2, Query.CurrentEvents(node.Sys, CredentialActor.PersistenceIdFor(slice)).Count);
    }

    [Fact]
    public void A_binding_under_its_backoff_supervisor_acknowledges_its_configuration_then_both_stop()
    {
        var spec = Samples.Spec;
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var entity = node.Sys.ActorOf(BackoffProps.WithBackoff(BindingActor.Props(spec.BindingId, new FakeRegistrationRuntime(node.Probe(), "n1")),
            "loop", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2), "b");
        probe.Watch(entity);
        entity.Tell(new BindingCommands.Configure(spec), probe);
        entity.Tell(StopEntity.Instance);

        probe.ExpectMsg<Done>(Node.Timeout);
        probe.ExpectTerminated(entity, Node.Timeout); // the supervisor stops once its binding has
        Assert.IsType<BindingEvents.Configured>(Query.CurrentEvents(node.Sys, "binding-" + spec.BindingId)[0].Event);
    }
}
