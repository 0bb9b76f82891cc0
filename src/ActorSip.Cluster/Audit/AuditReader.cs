using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorSip.Cluster.Security;

namespace ActorSip.Cluster.Audit;

/// <summary>Reads the journal through Akka.Persistence.Query (all events, in journal order) as audit records.</summary>
public sealed class AuditReader(ActorSystem system, SecretProtector protector)
{
    private SqlReadJournal Journal => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>Every event so far, with the raw event beside its record (for as-of state rebuilding).</summary>
    public async Task<IReadOnlyList<(AuditRecord Record, object Event)>> CurrentAsync(CancellationToken ct)
    {
        var envelopes = await Journal.CurrentAllEvents(Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer()).WaitAsync(ct);
        var formatter = new AuditFormatter(protector);
        return envelopes.Where(e => AuditFormatter.IsAudited(e.PersistenceId))
            .Select(e => (formatter.Format(OffsetOf(e), e.PersistenceId, e.SequenceNr, WrittenAt(e), e.Event), e.Event)).ToList();
    }

    /// <summary>New events as they are written, after <paramref name="after"/> (an offset from <see cref="CurrentAsync"/>).</summary>
    public Source<AuditRecord, Akka.NotUsed> Live(long after, IEnumerable<(AuditRecord Record, object Event)> history)
    {
        // The formatter diffs configuration changes against the previous one, so it first sees the history.
        var formatter = new AuditFormatter(protector);
        foreach (var (record, e) in history)
            formatter.Format(record.Offset, record.Entity, record.SequenceNr, record.Time, e);
        return Journal.AllEvents(Offset.Sequence(after))
            .Where(e => AuditFormatter.IsAudited(e.PersistenceId))
            .Select(e => formatter.Format(OffsetOf(e), e.PersistenceId, e.SequenceNr, WrittenAt(e), e.Event));
    }

    private static long OffsetOf(EventEnvelope e) => e.Offset is Sequence s ? s.Value : 0;

    /// <summary>The journal's write time (UTC ticks in Akka.Persistence.Sql).</summary>
    private static DateTimeOffset WrittenAt(EventEnvelope e) =>
        e.Timestamp > 0 ? new DateTimeOffset(e.Timestamp, TimeSpan.Zero) : DateTimeOffset.MinValue;
}
