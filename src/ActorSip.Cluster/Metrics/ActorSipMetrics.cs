using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ActorSip.Cluster.Metrics;

/// <summary>
/// The node's instruments (System.Diagnostics.Metrics meter "ActorSip"; the node exports them in Prometheus format on
/// /metrics). Names and meanings are listed in docs/METRICS.md. No instrument carries a username or a secret.
/// </summary>
public static class ActorSipMetrics
{
    public const string MeterName = "ActorSip";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, int> BindingStates = new(StringComparer.Ordinal);

    public static readonly Counter<long> RegistersSent = Meter.CreateCounter<long>("actorsip.register.sent", description: "REGISTER requests sent (each attempt, challenges answered included)");
    public static readonly Counter<long> RegisterResponses = Meter.CreateCounter<long>("actorsip.register.responses", description: "final outcomes of REGISTER transactions, by status code (timeout and transport_error when none)");
    public static readonly Counter<long> CredentialLookups = Meter.CreateCounter<long>("actorsip.credential.lookups", description: "challenge lookups in the credential directory, by result (found, not_found)");
    public static readonly Counter<long> BindingsResumed = Meter.CreateCounter<long>("actorsip.bindings.resumed", description: "bindings resumed from the journal on this node: after a restart, a failover or a handover");

    static ActorSipMetrics()
    {
        Meter.CreateObservableGauge("actorsip.bindings", () => BindingStates.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key))),
            description: "bindings held by this node, by state");
    }

    /// <summary>Sets how many bindings this node holds in each state (the binding summary calls it on every change).</summary>
    public static void SetBindingStates(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (state, n) in counts)
        {
            BindingStates[state] = n;
            seen.Add(state);
        }
        foreach (var state in BindingStates.Keys.Where(k => !seen.Contains(k))) BindingStates[state] = 0;
    }
}
