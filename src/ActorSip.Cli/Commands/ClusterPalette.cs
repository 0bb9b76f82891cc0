using System.CommandLine;

namespace ActorSip.Cli.Commands;

/// <summary>pbm's cluster palette: `actorsip cluster show [--node ADDR:PORT] [--json]`.</summary>
public static class ClusterPalette
{
    public static Command Create()
    {
        var node = ShowPalette.NodeOption();
        var json = new Option<bool>("--json") { Description = "the members as JSON" };
        var show = new Command("show", "members: address | [roles] | status | reachability | version, then Count") { node, json };
        show.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                using var doc = await new ManagementClient(parse.GetValue(node)!).GetAsync("api/cluster/members", ct);
                if (parse.GetValue(json))
                {
                    output.WriteLine(doc.RootElement.GetRawText());
                    return 0;
                }
                var count = 0;
                foreach (var m in doc.RootElement.EnumerateArray())
                {
                    var roles = string.Join(",", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
                    var reach = m.GetProperty("reachable").GetBoolean() ? "Reachable" : "Unreachable";
                    output.WriteLine($"{m.GetProperty("address").GetString()} | [{roles}] | {m.GetProperty("status").GetString()} | {reach} | {m.GetProperty("version").GetString()}");
                    count++;
                }
                output.WriteLine($"Count: {count} nodes");
                return 0;
            }
            catch (HttpRequestException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"actorsip: cannot reach {parse.GetValue(node)}: {e.Message}");
                return 1;
            }
        });
        return new Command("cluster", "cluster membership (pbm's palette)") { show };
    }
}
