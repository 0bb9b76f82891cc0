using System.Text.Json;

namespace ActorSip.Node;

/// <summary>
/// What a node would run with, after the embedded defaults, the --hocon file and the command line are merged
/// (<c>actorsip-node --print-config</c>): for checking a deploy setup's files before starting anything.
/// The PostgreSQL connection string may hold a password, so only whether one is set is shown.
/// </summary>
public static class EffectiveSettings
{
    public static string ToJson(NodeOptions o)
    {
        var akka = o.Hocon.WithFallback(EmbeddedFiles.Hocon("akka.conf"));
        var settings = new Dictionary<string, object?>
        {
            ["data"] = o.DataDirectory,
            ["trunks"] = o.TrunksFile,
            ["sip"] = string.Join(",", o.Sip),
            ["sipAdvertise"] = string.Join(",", o.SipAdvertise),
            ["sipTls"] = o.SipTls.Listen?.ToString(),
            ["sipTlsCaFile"] = o.SipTls.CaFile,
            ["management"] = o.Management.ToString(),
            ["managementToken"] = o.ManagementTokens.Count > 0,
            ["managementOperators"] = new System.Text.Json.Nodes.JsonArray([.. o.ManagementTokens.Select(t => (System.Text.Json.Nodes.JsonNode?)t.Name)]),
            ["demoRegistrar"] = o.DemoRegistrar.ToString().ToLowerInvariant(),
            ["clusterHost"] = o.ClusterHost,
            ["clusterPort"] = o.ClusterPort,
            ["seedNodes"] = o.SeedNodes,
            ["journal"] = o.Postgres is null ? "sqlite" : "postgres",
            ["dnsServers"] = o.DnsServers.Select(s => s.ToString()).ToList(),
            ["dnsServersSource"] = o.DnsServersSource,
            ["downingProvider"] = akka.GetString("akka.cluster.downing-provider-class"),
            ["splitBrainStrategy"] = akka.GetString("akka.cluster.split-brain-resolver.active-strategy"),
            ["stableAfterSeconds"] = akka.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after").TotalSeconds,
            ["heartbeatIntervalSeconds"] = akka.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval").TotalSeconds,
            ["acceptableHeartbeatPauseSeconds"] = akka.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause").TotalSeconds,
        };
        return JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true });
    }
}
