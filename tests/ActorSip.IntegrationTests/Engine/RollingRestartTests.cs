using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// A rolling restart of a 3-node cluster (PostgreSQL journal, Kamailio registrar): each node in turn gets SIGTERM,
/// leaves (handing its bindings over), and starts again from the shared journal. Throughout, Kamailio never lacks a
/// contact for any AOR, nothing is un-REGISTERed, and at the end every binding is registered, each Call-ID unchanged.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper log)
{
    private const int Bindings = 60;

    [Fact]
    public async Task Restarting_every_node_in_turn_keeps_every_binding_registered()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-rolling-");
        var nodes = new NodeProcess?[3];
        try
        {
            var users = Enumerable.Range(0, Bindings).ToDictionary(i => $"u{6000 + i}", i => $"pw-{6000 + i}");
            var startKamailio = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "rolling.test", Users = users }, ct);
            var startPostgres = PostgresServer.StartAsync(ct);
            await using var registrar = await startKamailio;
            await using var postgres = await startPostgres;
            var trunksFile = await TrunkFile.WriteAsync(work.FullName, $"127.0.0.1:{registrar.Port}", 600, users, "rolling.test", ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 1s\n", ct);
            var ports = new[] { FreePort.Pick(), FreePort.Pick(), FreePort.Pick() };
            var env = new Dictionary<string, string> { ["ACTORSIP_JOURNAL_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            string[] Args(int i, bool withTrunks) =>
            [
                "--data", Path.Combine(work.FullName, $"node{i}"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off",
                "--hocon", hocon, "--cluster-port", ports[i].ToString(), "--seed-nodes", $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}",
                "--postgres", postgres.ConnectionString, .. withTrunks ? new[] { "--trunks", trunksFile } : [],
            ];
            var starts = Enumerable.Range(0, 3).Select(i => NodeProcess.StartAsync(Args(i, i == 0), ct, env)).ToList();
            for (var i = 0; i < 3; i++) nodes[i] = await starts[i];
            await Eventually.Until(() => registrar.RegisteredUsersAsync(ct), n => n == Bindings, TimeSpan.FromSeconds(60), $"{Bindings} registered");
            var before = await AllBindings(nodes, ct);
            await Eventually.Until(() => AllBindings(nodes, ct), b => b.Count == Bindings && b.Values.All(v => v.State == "Registered"),
                TimeSpan.FromSeconds(60), "every binding Registered somewhere");
            before = await AllBindings(nodes, ct);
            var logStart = registrar.RegistersFromLog().Count;

            var lowest = Bindings;
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                var stopping = nodes[i]!;
                var stopped = stopping.TerminateAsync(TimeSpan.FromSeconds(60));
                while (!stopped.IsCompleted)
                {
                    lowest = Math.Min(lowest, await registrar.RegisteredUsersAsync(ct));
                    await Task.Delay(200, ct);
                }
                Assert.Equal(0, await stopped);
                await stopping.DisposeAsync();
                nodes[i] = null;
                var left = clock.Elapsed;
                nodes[i] = await NodeProcess.StartAsync(Args(i, false), ct, env);
                // Back in the cluster and every binding registered before the next node goes.
                await Eventually.Until(async () =>
                    {
                        lowest = Math.Min(lowest, await registrar.RegisteredUsersAsync(ct));
                        return await AllBindings(nodes, ct);
                    }, b => b.Count == Bindings && b.Values.All(v => v.State == "Registered"), TimeSpan.FromSeconds(60),
                    $"node {i} restarted and every binding registered");
                await Eventually.Until(() => nodes[0]!.GetAsync("api/cluster/members", ct),
                    m => JsonDocument.Parse(m).RootElement.EnumerateArray().Count(x => x.GetProperty("status").GetString() == "Up") == 3,
                    TimeSpan.FromSeconds(30), "3 members Up");
                log.WriteLine($"node {i}: left in {left.TotalSeconds:F1} s, back with every binding registered {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
            }

            Assert.Equal(Bindings, lowest); // no moment without a contact, for any AOR
            Assert.DoesNotContain(registrar.RegistersFromLog().Skip(logStart), r => r.Expires == 0); // nothing un-REGISTERed
            var after = await AllBindings(nodes, ct);
            Assert.Equal(before.OrderBy(b => b.Key).Select(b => (b.Key, b.Value.CallId)), after.OrderBy(b => b.Key).Select(b => (b.Key, b.Value.CallId)));
        }
        finally
        {
            foreach (var n in nodes) if (n is not null) await n.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>Every binding the running nodes hold, by id (a binding on two nodes would show as a duplicate key).</summary>
    private static async Task<Dictionary<string, (string State, string CallId)>> AllBindings(NodeProcess?[] nodes, CancellationToken ct)
    {
        var all = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => n is { HasExited: false }))
        {
            using var doc = JsonDocument.Parse(await node!.GetAsync("api/bindings", ct));
            foreach (var b in doc.RootElement.EnumerateArray())
                all[b.GetProperty("binding").GetString()!] = (b.GetProperty("state").GetString()!, b.GetProperty("callId").GetString()!);
        }
        return all;
    }
}
