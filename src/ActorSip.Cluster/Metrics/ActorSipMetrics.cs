using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Metrics;

/// <summary>
/// The process's "ActorSip" meter (System.Diagnostics.Metrics, no exporter here: actorsip-node wires OpenTelemetry's
/// Prometheus exporter). Every instrument is listed in docs/METRICS.md with its Prometheus name.
/// </summary>
public static class ActorSipMetrics
{
    public const string MeterName = "ActorSip";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>REGISTER requests handed to the transaction layer (first sends, digest answers, refreshes, un-REGISTERs), by registrar id.</summary>
    public static readonly Counter<long> RegisterSent = Meter.CreateCounter<long>("actorsip.register.sent",
        description: "REGISTER requests sent, by registrar");

    /// <summary>Final responses to REGISTER, by registrar id and status code.</summary>
    public static readonly Counter<long> RegisterResponses = Meter.CreateCounter<long>("actorsip.register.responses",
        description: "final responses to REGISTER, by registrar and status code");

    /// <summary>REGISTER transactions that ended without a response (timeout, transport error), by registrar id and reason.</summary>
    public static readonly Counter<long> RegisterFailures = Meter.CreateCounter<long>("actorsip.register.failures",
        description: "REGISTER transactions without a response, by registrar and reason (timeout, transport)");

    /// <summary>Credential directory lookups for a challenge: found (an answer) or not_found (the seed's rules terminate).</summary>
    public static readonly Counter<long> CredentialLookups = Meter.CreateCounter<long>("actorsip.credential.lookups",
        description: "credential lookups for a digest challenge, by result (found, not_found, error)");

    /// <summary>Bindings this node took over, by registrar id: restarted from the journal with a Contact registered by
    /// another node (failover after a node loss, or a shard handover).</summary>
    public static readonly Counter<long> FailoverBindings = Meter.CreateCounter<long>("actorsip.failover.bindings",
        description: "bindings restarted on this node whose last registration was made from another Contact (another node), by registrar");

    private static readonly ConcurrentDictionary<string, BindingPhase> Phases = new(StringComparer.Ordinal);

    /// <summary>Bindings held by this process by state; every state is reported, zeros included, so a Prometheus
    /// query never sees a series vanish.</summary>
    public static readonly ObservableGauge<int> Bindings = Meter.CreateObservableGauge("actorsip.bindings", ObserveBindings,
        description: "bindings held by this node, by state");

    /// <summary>A binding entity on this node changed phase (key: node address + binding id, so several
    /// ActorSystems in one test process do not overwrite each other).</summary>
    public static void SetBindingPhase(string key, BindingPhase phase)
    {
        if (phase == BindingPhase.Stopped) Phases.TryRemove(key, out _);
        else Phases[key] = phase;
    }

    /// <summary>The binding entity stopped on this node (hand-off, passivation, crash).</summary>
    public static void BindingLeft(string key) => Phases.TryRemove(key, out _);

    private static IEnumerable<Measurement<int>> ObserveBindings()
    {
        var counts = new Dictionary<BindingPhase, int>();
        foreach (var phase in Enum.GetValues<BindingPhase>())
            if (phase != BindingPhase.Stopped) counts[phase] = 0;
        foreach (var phase in Phases.Values) counts[phase] = counts.GetValueOrDefault(phase) + 1;
        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key.ToString())));
    }
}
