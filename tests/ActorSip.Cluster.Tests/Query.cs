using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorSip.Cluster.Tests;

internal static class Query
{
    /// <summary>The events of one entity as the read side sees them, in journal order.</summary>
    public static IReadOnlyList<EventEnvelope> CurrentEvents(ActorSystem system, string persistenceId)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(Node.Timeout)
            .GetAwaiter().GetResult();
    }
}
