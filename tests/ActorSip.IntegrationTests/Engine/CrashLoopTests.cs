using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// kill -9 at random moments during configuration changes and registration traffic, in a bounded loop: each round
/// starts the node with a new configuration (one more endpoint) and kills it after a random delay, sometimes before
/// the change was acknowledged; then the node restarts from its journal alone. After every restart the configuration
/// is the last acknowledged one (or the newer one, if it got persisted before the kill), the journal recovers without
/// error, and every binding of that configuration is registered again at Kamailio.
/// </summary>
public sealed class CrashLoopTests(ITestOutputHelper log)
{
    /// <summary>5 rounds in the suite; ACTORSIP_CRASH_ROUNDS raises it.</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("ACTORSIP_CRASH_ROUNDS"), out var n) && n > 0 ? n : 5;

    private const int FirstEndpoints = 4;

    [Fact]
    public async Task Kill_9_during_changes_and_traffic_loses_no_acknowledged_change()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60 + Rounds * 30));
        var ct = cts.Token;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        log.WriteLine($"random seed {seed}, {Rounds} rounds");
        var work = Directory.CreateTempSubdirectory("actorsip-crash-");
        var users = Enumerable.Range(0, FirstEndpoints + Rounds).ToDictionary(i => $"u{4000 + i}", i => $"pw-{4000 + i}");
        try
        {
            await using var registrar = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "crash.test", Users = users }, ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 500ms\n", ct);
            string[] Args(string? trunks) =>
            [
                "--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off",
                "--hocon", hocon, .. trunks is null ? Array.Empty<string>() : ["--trunks", trunks],
            ];
            // A first configuration, acknowledged, so the journal is never empty (an empty one means the demo config).
            var first = Path.Combine(work.FullName, "trunks-0.cfg");
            await File.WriteAllTextAsync(first, Trunks(registrar.Port, users.Take(FirstEndpoints - 1)), ct);
            await using (var initial = await NodeProcess.StartAsync(Args(first), ct)) await initial.KillAsync();
            var acknowledged = FirstEndpoints - 1; // endpoints in the last configuration the node acknowledged
            var table = new StringBuilder("round | delay ms | acknowledged before kill | endpoints after restart | recovery s\n");
            for (var round = 1; round <= Rounds; round++)
            {
                var endpoints = FirstEndpoints + round - 1;
                var trunks = Path.Combine(work.FullName, $"trunks-{round}.cfg");
                await File.WriteAllTextAsync(trunks, Trunks(registrar.Port, users.Take(endpoints)), ct);

                // The change and the registrations it starts, killed at a random moment (0-4 s after launch; a node acknowledges after about 2 s).
                var delay = random.Next(0, 4000);
                var changing = NodeProcess.Launch(Args(trunks));
                await Task.Delay(delay, ct);
                var acked = changing.IsRunning;
                await changing.KillAsync();
                await changing.DisposeAsync();
                if (acked) acknowledged = endpoints;

                // Restart from the journal alone.
                var clock = Stopwatch.StartNew();
                await using var node = await NodeProcess.StartAsync(Args(null), ct);
                var config = await RunningConfig(node, ct);
                var present = Count(config, "realm crash.test");
                if (acked) Assert.Equal(endpoints, present);
                else Assert.True(present == acknowledged || present == endpoints,
                    $"round {round}: {present} endpoints after restart; acknowledged {acknowledged}, the unacknowledged change had {endpoints}\n{config}");
                acknowledged = present; // what the journal holds is what counts from now on
                if (present > 0)
                {
                    await Eventually.Until(() => Bindings(node, ct), b => b.Count == present && b.All(x => x.State == "Registered"),
                        TimeSpan.FromSeconds(30), $"round {round}: {present} bindings registered again", () => node.Output);
                    foreach (var user in users.Keys.Take(present))
                        await Eventually.Until(() => registrar.LookupAsync(user[1..], ct), c => c.Count >= 1, TimeSpan.FromSeconds(10), $"{user} at Kamailio");
                }
                var recovery = clock.Elapsed;
                Assert.DoesNotContain("RecoveryFailure", node.Output);
                Assert.DoesNotContain("Persistence failure", node.Output);
                Assert.DoesNotContain("no longer parses", node.Output);
                table.AppendLine($"{round} | {delay} | {acked} | {present} | {recovery.TotalSeconds:F1}");

                // Registration traffic is running: the next round's change comes after another kill -9.
                await Task.Delay(random.Next(0, 1000), ct);
                await node.KillAsync();
            }
            log.WriteLine(table.ToString());
            Console.WriteLine("crash loop:\n" + table);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Trunks(int port, IEnumerable<KeyValuePair<string, string>> users)
    {
        var text = new StringBuilder($"sip-ua\n registrar 1 ipv4:127.0.0.1:{port} expires 300\n");
        foreach (var (user, password) in users)
            text.Append($" credentials number {user[1..]} username {user} password {password} realm crash.test\n");
        return text.ToString();
    }

    private static async Task<string> RunningConfig(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/config", ct));
        return doc.RootElement.GetProperty("text").GetString()!;
    }

    private static async Task<List<(string Binding, string State)>> Bindings(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
        return doc.RootElement.EnumerateArray().Select(b => (b.GetProperty("binding").GetString()!, b.GetProperty("state").GetString()!)).ToList();
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
