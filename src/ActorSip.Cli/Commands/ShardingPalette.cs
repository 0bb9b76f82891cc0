using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>pbm's cluster-sharding palette: regions, region-stats -r TYPE, shard-stats -r TYPE.</summary>
public static class ShardingPalette
{
    public static Command Create()
    {
        var regionStatsType = TypeOption();
        var shardStatsType = TypeOption();
        return new Command("cluster-sharding", "shard regions (pbm's palette): binding, credential, registrar")
        {
            ManagementCommand.Create("regions", "the shard region types of the cluster", "api/sharding/regions", PrintRegions),
            ManagementCommand.Create("region-stats", "per node: shards and entities of one region type",
                p => new ManagementCommand.Request(HttpMethod.Get, "api/sharding/region-stats?type=" + Uri.EscapeDataString(p.GetValue(regionStatsType)!)), PrintRegionStats, regionStatsType),
            ManagementCommand.Create("shard-stats", "per node and shard: entity count of one region type",
                p => new ManagementCommand.Request(HttpMethod.Get, "api/sharding/shard-stats?type=" + Uri.EscapeDataString(p.GetValue(shardStatsType)!)), PrintShardStats, shardStatsType),
        };
    }

    private static Option<string> TypeOption() => new("--region", "-r") { Description = "shard region type (see `cluster-sharding regions`)", Required = true };

    private static void PrintRegions(JsonElement regions, TextWriter output)
    {
        var count = 0;
        foreach (var r in regions.EnumerateArray())
        {
            output.WriteLine(r.GetString());
            count++;
        }
        output.WriteLine($"Count: {count} regions");
    }

    private static void PrintRegionStats(JsonElement rows, TextWriter output)
    {
        int nodes = 0, shards = 0, entities = 0;
        foreach (var r in rows.EnumerateArray())
        {
            var s = r.GetProperty("shards").GetInt32();
            var e = r.GetProperty("entities").GetInt32();
            output.WriteLine($"{r.GetProperty("address").GetString()} | shards: {s} | entities: {e}");
            nodes++;
            shards += s;
            entities += e;
        }
        output.WriteLine($"Count: {entities} entities in {shards} shards on {nodes} nodes");
    }

    private static void PrintShardStats(JsonElement rows, TextWriter output)
    {
        var count = 0;
        foreach (var r in rows.EnumerateArray())
        {
            output.WriteLine($"{r.GetProperty("address").GetString()} | shard {r.GetProperty("shard").GetString()} | entities: {r.GetProperty("entities").GetInt32()}");
            count++;
        }
        output.WriteLine($"Count: {count} shards");
    }
}
