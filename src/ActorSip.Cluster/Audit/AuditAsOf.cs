using ActorSip.Cluster.Configuration;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Audit;

/// <summary>One binding as it stood at a past moment.</summary>
public sealed record BindingAsOf(string Binding, string State, DateTimeOffset? ExpiresAt, string CallId, string? Contact);

/// <summary>The configuration (masked) and the registrations as they were at a moment.</summary>
public sealed record StateAsOf(DateTimeOffset At, DateTimeOffset? ConfigChangedAt, string? ConfigChangedBy, string MaskedConfig, IReadOnlyList<BindingAsOf> Bindings);

/// <summary>
/// `audit replay --as-of T`: folds every event written up to T through the same pure Apply the binding entities use,
/// so the answer is what the cluster believed at T. A binding registered before T whose grant ran out before T is
/// shown as Expired.
/// </summary>
public static class AuditAsOf
{
    public static StateAsOf Build(IEnumerable<(AuditRecord Record, object Event)> history, DateTimeOffset at)
    {
        TrunkConfigEvents.Replaced? config = null;
        var bindings = new SortedDictionary<string, BindingState>(StringComparer.Ordinal);
        foreach (var (record, e) in history)
        {
            if (record.Time > at) continue;
            switch (e)
            {
                case TrunkConfigEvents.Replaced r:
                    config = r;
                    break;
                case BindingEvent b when record.Entity.StartsWith("binding-", StringComparison.Ordinal):
                    var id = record.Entity["binding-".Length..];
                    bindings[id] = (bindings.GetValueOrDefault(id) ?? new BindingState()).Apply(b);
                    break;
            }
        }
        var list = bindings.Select(kv =>
        {
            var s = kv.Value;
            var state = s.Phase == BindingPhase.Registered && s.ExpiresAt is { } until && until <= at ? "Expired" : s.Phase.ToString();
            return new BindingAsOf(kv.Key, state, s.ExpiresAt, s.CallId, s.Contact);
        }).ToList();
        return new StateAsOf(at, config?.At, config?.Node, config?.Masked ?? "", list);
    }
}
