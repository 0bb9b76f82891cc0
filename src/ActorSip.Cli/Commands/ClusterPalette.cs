using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>pbm's cluster palette: `actorsip cluster show [--node ADDR:PORT] [--json]`.</summary>
public static class ClusterPalette
{
    public static Command Create() => new("cluster", "cluster membership (pbm's palette)")
    {
        ManagementCommand.Create("show", "members: address | [roles] | status | reachability | version, then Count", "api/cluster/members", Print),
    };

    private static void Print(JsonElement members, TextWriter output)
    {
        var count = 0;
        foreach (var m in members.EnumerateArray())
        {
            var roles = string.Join(",", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            var reach = m.GetProperty("reachable").GetBoolean() ? "Reachable" : "Unreachable";
            output.WriteLine($"{m.GetProperty("address").GetString()} | [{roles}] | {m.GetProperty("status").GetString()} | {reach} | {m.GetProperty("version").GetString()}");
            count++;
        }
        output.WriteLine($"Count: {count} nodes");
    }
}
