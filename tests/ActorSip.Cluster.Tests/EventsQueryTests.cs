using Akka;
using Akka.Actor;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

public sealed class EventsQueryTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Current_events_by_persistence_id_reads_our_events_back_in_order()
    {
        using var node = new Node(_dir.Path);
        var probe = node.Probe();
        var protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));
        var slice = node.Sys.ActorOf(CredentialActor.Props("2222/*", protector), "s");
        foreach (var user in new[] { "one", "two" })
        {
            slice.Tell(TestSlices.Set("2222/*", protector, (CredentialSource.SipUaAuthentication, user, "pw", null, null)), probe);
            probe.ExpectMsg<Done>(Node.Timeout);
        }
        slice.Tell(new CredentialCommands.Clear("2222/*"), probe);
        probe.ExpectMsg<Done>(Node.Timeout);

        var events = Query.CurrentEvents(node.Sys, CredentialActor.PersistenceIdFor("2222/*"));

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.SequenceNr));
        Assert.Equal("one", Assert.IsType<CredentialEvents.SliceSet>(events[0].Event).Entries.Single().Username);
        Assert.Equal("two", Assert.IsType<CredentialEvents.SliceSet>(events[1].Event).Entries.Single().Username);
        Assert.IsType<CredentialEvents.SliceCleared>(events[2].Event);
    }
}
