using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>pbm's cluster palette: show, status, leader, join, leave, down, down-unreachable, tail.</summary>
public static class ClusterPalette
{
    public static Command Create()
    {
        var joinAddress = AddressArgument("address", "the member to join (akka.tcp://actorsip@HOST:PORT or HOST:PORT)");
        var leaveAddress = AddressArgument("address", "the member that leaves (default: the node you talk to)");
        leaveAddress.Arity = ArgumentArity.ZeroOrOne;
        var downAddress = AddressArgument("address", "the member to down");
        return new Command("cluster", "cluster membership (pbm's palette)")
        {
            ManagementCommand.Create("show", "members: address | [roles] | status | reachability | version, then Count", "api/cluster/members", PrintMembers),
            ManagementCommand.Create("status", "this node's membership status and the cluster's leader", "api/cluster/status", PrintStatus),
            ManagementCommand.Create("leader", "the cluster's leader", "api/cluster/leader", (e, o) => o.WriteLine(e.GetProperty("leader").GetString() ?? "no leader")),
            ManagementCommand.Create("join", "make the node join the cluster of ADDRESS",
                p => new ManagementCommand.Request(HttpMethod.Post, "api/cluster/join?address=" + Uri.EscapeDataString(Normalize(p.GetValue(joinAddress)!))), PrintResult, joinAddress),
            ManagementCommand.Create("leave", "graceful leave: the member hands its bindings over, then its node stops",
                p => new ManagementCommand.Request(HttpMethod.Post, "api/cluster/leave" + (p.GetValue(leaveAddress) is { } a ? "?address=" + Uri.EscapeDataString(Normalize(a)) : "")),
                PrintResult, leaveAddress),
            ManagementCommand.Create("down", "mark an unreachable member down (its bindings restart elsewhere)",
                p => new ManagementCommand.Request(HttpMethod.Post, "api/cluster/down?address=" + Uri.EscapeDataString(Normalize(p.GetValue(downAddress)!))), PrintResult, downAddress),
            ManagementCommand.Create("down-unreachable", "down every unreachable member", _ => new ManagementCommand.Request(HttpMethod.Post, "api/cluster/down-unreachable"), PrintDowned),
            Tail(),
        };
    }

    private static Argument<string> AddressArgument(string name, string description) => new(name) { Description = description };

    /// <summary>Operators type HOST:PORT; the cluster speaks akka.tcp://actorsip@HOST:PORT.</summary>
    public static string Normalize(string address) => address.Contains("://", StringComparison.Ordinal) ? address : "akka.tcp://actorsip@" + address;

    private static Command Tail()
    {
        var node = ManagementCommand.NodeOption();
        var json = new Option<bool>("--json") { Description = "one JSON document per event" };
        var count = new Option<int?>("--count") { Description = "stop after N events (default: until Ctrl+C)" };
        var token = ManagementCommand.TokenOption();
        var command = new Command("tail", "stream member events (joining, up, leaving, exited, removed, unreachable) until Ctrl+C") { node, json, count, token };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var target = parse.GetValue(node)!;
            var path = "api/cluster/tail" + (parse.GetValue(count) is { } n ? $"?count={n}" : "");
            return await ManagementCommand.Guard(parse, target, async () =>
            {
                try
                {
                    await foreach (var e in new ManagementClient(target, parse.GetValue(token)).StreamAsync(path, ct))
                    {
                        using (e)
                        {
                            var r = e.RootElement;
                            output.WriteLine(parse.GetValue(json) ? r.GetRawText()
                                : $"{r.GetProperty("time").GetDateTimeOffset():HH:mm:ss.fff} {r.GetProperty("event").GetString(),-16} {r.GetProperty("address").GetString()} {r.GetProperty("status").GetString()}");
                            output.Flush();
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
            });
        });
        return command;
    }

    private static string Line(JsonElement m)
    {
        var roles = string.Join(",", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var reach = m.GetProperty("reachable").GetBoolean() ? "Reachable" : "Unreachable";
        return $"{m.GetProperty("address").GetString()} | [{roles}] | {m.GetProperty("status").GetString()} | {reach} | {m.GetProperty("version").GetString()}";
    }

    private static void PrintMembers(JsonElement members, TextWriter output)
    {
        var count = 0;
        foreach (var m in members.EnumerateArray())
        {
            output.WriteLine(Line(m));
            count++;
        }
        output.WriteLine($"Count: {count} nodes");
    }

    private static void PrintStatus(JsonElement status, TextWriter output)
    {
        output.WriteLine(Line(status.GetProperty("self")));
        output.WriteLine($"Leader: {status.GetProperty("leader").GetString() ?? "none"}");
        var unreachable = status.GetProperty("unreachable").EnumerateArray().Select(u => u.GetString()).ToList();
        output.WriteLine($"Members: {status.GetProperty("members").GetInt32()}, unreachable: {(unreachable.Count == 0 ? "none" : string.Join(", ", unreachable))}");
    }

    private static void PrintResult(JsonElement result, TextWriter output) => output.WriteLine(result.GetProperty("result").GetString());

    private static void PrintDowned(JsonElement result, TextWriter output)
    {
        var downed = result.GetProperty("downed").EnumerateArray().Select(d => d.GetString()).ToList();
        foreach (var d in downed) output.WriteLine($"downing {d}");
        output.WriteLine($"Count: {downed.Count} nodes downed");
    }
}
