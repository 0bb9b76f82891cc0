using System.Diagnostics;
using System.Security.Cryptography;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Exactly one owner per binding, also in a network partition: three real actorsip-node processes, each in a network
/// namespace of its own, share a PostgreSQL journal and a Kamailio registrar that every namespace reaches over a
/// separate service link. The oldest node (shard coordinators, trunk-config singleton) is cut off from the other two
/// while it still reaches the registrar: the split-brain resolver must make it stop (keep-majority) before the
/// majority starts its bindings, so the registrar never sees two nodes refreshing one binding.
/// </summary>
public sealed class PartitionTests(ITestOutputHelper output)
{
    private const int Bindings = 60;

    // Private to the lab's namespaces, so a fixed port cannot collide with anything on the machine.
    private const int ClusterPort = 2552;

    [Fact]
    public async Task A_cut_off_node_stops_before_the_majority_takes_its_bindings_over()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-partition-");
        var nodes = new List<NodeProcess>();
        await using var lab = await NetworkLab.CreateAsync(3, ct);
        try
        {
            var users = Enumerable.Range(0, Bindings).ToDictionary(i => $"u{7000 + i}", i => $"pw-{7000 + i}");
            var startKamailio = KamailioRegistrar.StartAsync(new KamailioOptions
            {
                Realm = "partition.test", Users = users, ListenAddress = lab.ServiceAddress, NetworkNamespace = lab.Hub,
            }, ct);
            var startPostgres = PostgresServer.StartAsync(ct, lab.ServiceAddress, lab.Hub);
            await using var registrar = await startKamailio;
            await using var postgres = await startPostgres;

            var trunksFile = await TrunkFile.WriteAsync(work.FullName, $"{lab.ServiceAddress}:{registrar.Port}", 60, users, "partition.test", ct);
            // Frequent refreshes (every 24 s of the 60 s granted) while the test runs, so that a second owner would show.
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, "actorsip.registration.refresh-ratio = 0.4\n", ct);
            var env = new Dictionary<string, string> { ["ACTORSIP_JOURNAL_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            var seeds = $"{lab.Hosts[0].ClusterAddress}:{ClusterPort},{lab.Hosts[1].ClusterAddress}:{ClusterPort}";
            string[] Args(int i) =>
            [
                "--data", Path.Combine(work.FullName, $"node{i}"), "--sip", $"{lab.Hosts[i].ServiceAddress}:0", "--management", "127.0.0.1:0",
                "--demo-registrar", "off", "--hocon", hocon, "--cluster-host", lab.Hosts[i].ClusterAddress, "--cluster-port", ClusterPort.ToString(),
                "--seed-nodes", seeds, "--postgres", postgres.ConnectionString, .. i == 0 ? new[] { "--trunks", trunksFile } : [],
            ];
            // Node 0 first: it is the oldest member, so it hosts the coordinators and the singleton that the cut must move.
            nodes.Add(await NodeProcess.StartAsync(Args(0), ct, env, lab.Hosts[0].Namespace));
            var starts = new[] { NodeProcess.StartAsync(Args(1), ct, env, lab.Hosts[1].Namespace), NodeProcess.StartAsync(Args(2), ct, env, lab.Hosts[2].Namespace) };
            foreach (var s in starts) nodes.Add(await s);
            string Logs() => string.Join("\n---\n", nodes.Select((n, i) => $"node{i}:\n" + Tail(n.Output)));

            // Every binding registered, and the shards spread so that the node to be cut off holds some of them.
            var cut = lab.Hosts[0].ServiceAddress;
            await Eventually.Until(() => Task.FromResult(Owners(registrar.RegistersFromLog())),
                o => o.Count == Bindings && o.Values.Distinct().Count() == 3, TimeSpan.FromSeconds(90),
                $"{Bindings} bindings registered from all three nodes", Logs);
            var owners = Owners(registrar.RegistersFromLog());
            var moved = owners.Where(o => o.Value == cut).Select(o => o.Key).ToHashSet();
            output.WriteLine($"bindings per node before the cut: {string.Join(", ", lab.Hosts.Select(h => owners.Values.Count(v => v == h.ServiceAddress)))}");

            // Watch the location table through the partition: never two Call-IDs for one address of record.
            using var stopWatching = new CancellationTokenSource();
            var watch = WatchAsync(registrar, stopWatching.Token);

            var before = registrar.RegistersFromLog().Count;
            var clock = Stopwatch.StartNew();
            await lab.IsolateAsync(0, ct);
            output.WriteLine($"cut node 0 off the cluster at {DateTime.UtcNow:HH:mm:ss.fff}");

            // The minority downs itself (keep-majority) and the process ends.
            await Eventually.Until(() => Task.FromResult(nodes[0].HasExited), e => e, TimeSpan.FromSeconds(60), "the cut-off node stopped", Logs);
            var stopped = clock.Elapsed;

            // The majority re-registers every binding the cut-off node held, from its own hosts.
            var majority = new[] { lab.Hosts[1].ServiceAddress, lab.Hosts[2].ServiceAddress };
            await Eventually.Until(() => Task.FromResult(registrar.RegistersFromLog().Skip(before).ToList()),
                r => moved.All(id => r.Any(x => x.CallId == id && x.Status == 200 && x.Expires != 0 && majority.Contains(x.SourceAddress))),
                TimeSpan.FromSeconds(90), "every binding of the cut-off node registered from the majority", Logs);
            var takenOver = clock.Elapsed;

            // One more refresh period for all bindings, so that a second owner anywhere would have shown by now.
            await Task.Delay(TimeSpan.FromSeconds(26), ct);
            await stopWatching.CancelAsync();
            var seen = await watch;

            var log = registrar.RegistersFromLog();
            var during = log.Skip(before).ToList();
            output.WriteLine($"partition: node 0 ({moved.Count} of {Bindings} bindings) stopped {stopped.TotalSeconds:F1} s after the cut; " +
                             $"its bindings registered from the majority {takenOver.TotalSeconds:F1} s after the cut; {seen.Samples} location-table samples");
            Console.WriteLine($"partition: cut-off node stopped after {stopped.TotalSeconds:F1} s, its {moved.Count} bindings re-registered by the majority after {takenOver.TotalSeconds:F1} s");

            // At the registrar: never two Call-IDs for one binding (address of record).
            Assert.True(seen.Violations.Count == 0, "two Call-IDs for one AOR: " + string.Join("; ", seen.Violations.Take(5)));
            Assert.True(seen.Samples >= 10, $"only {seen.Samples} samples of the location table");

            // Never two owners at once: after the cut, the host sending for a binding may change (the cut-off node's
            // bindings move, shards may rebalance) but never goes back to a host it left; the cut-off node sent nothing
            // for a binding once the majority had.
            foreach (var group in during.GroupBy(r => r.CallId))
            {
                var runs = new List<string>();
                foreach (var host in group.Select(r => r.SourceAddress))
                    if (runs.Count == 0 || runs[^1] != host) runs.Add(host);
                Assert.True(runs.Count == runs.Distinct().Count(), $"Call-ID {group.Key}: REGISTERs alternated between hosts: {string.Join(" -> ", runs)}");
            }
            // One writer per Call-ID over the whole run: CSeq never goes down (two owners would each count on their own;
            // equal is a retransmission).
            foreach (var group in log.GroupBy(r => r.CallId))
            {
                var cseqs = group.Select(r => r.CSeq).ToList();
                Assert.True(cseqs.Zip(cseqs.Skip(1)).All(p => p.Second >= p.First), $"Call-ID {group.Key}: CSeq went down: {string.Join(" ", cseqs)}");
            }

            // In the end each address of record has exactly one contact, on a node of the majority.
            var final = await registrar.DumpAsync(ct);
            Assert.Equal(Bindings, final.Count);
            foreach (var (aor, contacts) in final)
            {
                Assert.True(contacts.Count == 1, $"{aor}: {contacts.Count} contacts: {string.Join(", ", contacts.Select(c => c.Address))}");
                Assert.Contains(majority, m => contacts[0].Address.Contains("@" + m + ":", StringComparison.Ordinal));
            }
            foreach (var i in new[] { 1, 2 }) Assert.False(nodes[i].HasExited, $"node {i} of the majority stopped:\n{Tail(nodes[i].Output)}");
        }
        finally
        {
            foreach (var n in nodes) await n.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>The host that last had a REGISTER for each Call-ID accepted.</summary>
    private static Dictionary<string, string> Owners(IReadOnlyList<RegisterRecord> log)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in log.Where(r => r.Status == 200 && r.Expires != 0)) owners[r.CallId] = r.SourceAddress;
        return owners;
    }

    private sealed record Watch(int Samples, List<string> Violations);

    /// <summary>Samples the location table about twice a second until cancelled; records every AOR with two Call-IDs.</summary>
    private static async Task<Watch> WatchAsync(KamailioRegistrar registrar, CancellationToken ct)
    {
        var samples = 0;
        var violations = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var (aor, contacts) in await registrar.DumpAsync(CancellationToken.None))
                    if (contacts.Select(c => c.CallId).Distinct().Count() > 1)
                        violations.Add($"{aor}: {string.Join(", ", contacts.Select(c => $"{c.CallId} {c.Address}"))}");
                samples++;
                await Task.Delay(500, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return new Watch(samples, violations);
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
