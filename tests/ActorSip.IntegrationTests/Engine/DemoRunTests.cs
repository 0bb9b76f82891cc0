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
