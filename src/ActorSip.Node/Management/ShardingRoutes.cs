using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/sharding/...: pbm's cluster-sharding palette (regions, region-stats, shard-stats).</summary>
public static class ShardingRoutes
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        app.MapGet("/api/sharding/regions", () => Results.Json(ClusterSharding.Get(node.System!).ShardTypeNames.Order().ToArray()));
        app.MapGet("/api/sharding/region-stats", async (string type) =>
        {
            var stats = await ClusterStatsAsync(node, type);
            if (stats is null) return UnknownType(node, type);
            // One row per node: how many shards and entities of this type it hosts (pbm's region-stats).
            return Results.Json(stats.Regions.OrderBy(r => r.Key.ToString()).Select(r => new
            {
                address = r.Key.ToString(), shards = r.Value.Stats.Count, entities = r.Value.Stats.Values.Sum(),
                failed = r.Value.Failed.Count,
            }));
        });
        app.MapGet("/api/sharding/shard-stats", async (string type) =>
        {
            var stats = await ClusterStatsAsync(node, type);
            if (stats is null) return UnknownType(node, type);
            return Results.Json(stats.Regions.SelectMany(r => r.Value.Stats.Select(s => new { address = r.Key.ToString(), shard = s.Key, entities = s.Value }))
                .OrderBy(s => s.address).ThenBy(s => s.shard, StringComparer.Ordinal));
        });
    }

    private static async Task<ClusterShardingStats?> ClusterStatsAsync(NodeHost node, string type)
    {
        var sharding = ClusterSharding.Get(node.System!);
        if (!sharding.ShardTypeNames.Contains(type)) return null;
        return await sharding.ShardRegion(type).Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1));
    }

    private static IResult UnknownType(NodeHost node, string type) =>
        Results.NotFound(new { error = $"no shard region '{type}'; regions: {string.Join(", ", ClusterSharding.Get(node.System!).ShardTypeNames.Order())}" });
}
