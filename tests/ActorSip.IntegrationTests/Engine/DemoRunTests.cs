using System.Diagnostics;
using System.Text.Json;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>The README's run command: a node with no --trunks on an empty data directory uses the demo
/// configuration, finds its registrars unreachable, starts demo registrars on loopback and registers.</summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task A_fresh_node_registers_every_demo_binding_within_ten_seconds()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var work = Directory.CreateTempSubdirectory("actorsip-demo-");
        var clock = Stopwatch.StartNew();
        try
        {
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0"], cts.Token);
            var states = await Eventually.Until(async () =>
                {
                    using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", cts.Token));
                    return doc.RootElement.EnumerateArray().Select(b => $"{b.GetProperty("binding").GetString()}={b.GetProperty("state").GetString()}").ToList();
                }, s => s.Count == 4 && s.All(x => x.EndsWith("=Registered", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10) - clock.Elapsed, "4 demo bindings registered", () => node.Output);
            Assert.Equal(["1001@1", "1001@2", "1002@1", "1002@2"], states.Select(s => s.Split('=')[0]).Order());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Contains("using a demo registrar on 127.0.0.1:", node.Output);
            Assert.Contains("bindings: 4 registered", await WaitForSummary(node, cts.Token));
            Assert.DoesNotContain("demo-secret", node.Output);

            // What an operator types: the IOS-style status and pbm's cluster show, against this node.
            var management = $"127.0.0.1:{node.Management!.Port}";
            var (code, status) = await CliProcess.RunAsync(cts.Token, "show", "sip-ua", "register", "status", "--node", management);
            Assert.True(code == 0, status);
            var lines = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Count(l => l.Contains("Registered", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.StartsWith("1001", StringComparison.Ordinal) && l.Contains("dns:provider-a.invalid", StringComparison.Ordinal) && l.Contains("200 OK", StringComparison.Ordinal));
            Assert.Equal("Count: 4 bindings", lines[^1].Trim());
            var (clusterCode, members) = await CliProcess.RunAsync(cts.Token, "cluster", "show", "--node", management);
            Assert.True(clusterCode == 0, members);
            Assert.Contains("| Up | Reachable |", members);
            Assert.Contains("Count: 1 nodes", members);
            Assert.DoesNotContain("demo-secret", status + members);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Task<string> WaitForSummary(NodeProcess node, CancellationToken ct) =>
        Eventually.Until(() => Task.FromResult(node.Output), o => o.Contains("bindings: 4 registered", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "summary line", () => node.Output);
}
