namespace ActorSip.Cluster.Audit;

/// <summary>One persisted event as the audit trail prints it: when, where, which entity, what, and the details with
/// every secret masked (passwords never appear, not even encrypted).</summary>
public sealed record AuditRecord(long Offset, DateTimeOffset Time, string? Node, string Entity, long SequenceNr, string Event, string Details);
