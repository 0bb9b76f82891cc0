using System.Net;
using System.Security.Cryptography;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The lost update across nodes: pairs of `config apply` through two different nodes of a 3-node cluster at the same
/// moment. Changes to different items both land; changes to the same item land or are refused as a conflict, and the
/// running configuration holds one that landed. Read back through the third node.
/// </summary>
public sealed class ClusterConfigApplyTests(ITestOutputHelper output)
{
    private const int Rounds = 8;

    [Fact]
    public async Task Pairs_of_applies_through_two_nodes_are_each_applied_or_refused_as_a_conflict_never_lost()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-cluster-apply-");
        var nodes = new List<NodeProcess>();
        try
        {
            await using var postgres = await PostgresServer.StartAsync(ct);
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            // A registrar nobody answers: this test is about the configuration, not about registering.
            await File.WriteAllTextAsync(trunks, $"sip-ua\n registrar 1 ipv4:127.0.0.1:{FreePort.Pick()} expires 600\n credentials number 1000 username u1000 password p realm c.test\n", ct);
            var ports = new[] { FreePort.Pick(), FreePort.Pick(), FreePort.Pick() };
            var seeds = $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}";
            var env = new Dictionary<string, string> { ["ACTORSIP_JOURNAL_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            string[] Args(int i) =>
            [
                "--data", Path.Combine(work.FullName, $"node{i}"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0",
                "--demo-registrar", "off", "--cluster-port", ports[i].ToString(), "--seed-nodes", seeds,
                "--postgres", postgres.ConnectionString, .. i == 0 ? new[] { "--trunks", trunks } : [],
            ];
            var starts = Enumerable.Range(0, 3).Select(i => NodeProcess.StartAsync(Args(i), ct, env)).ToList();
            foreach (var s in starts) nodes.Add(await s);
            var http = nodes.Select(n => new HttpClient { BaseAddress = n.Management, Timeout = TimeSpan.FromSeconds(90) }).ToList();

            var conflicts = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var (x, y) = ($"3{round}01", $"3{round}02");
                var different = await Task.WhenAll(
                    ConfigHttp.ApplyAsync(http[1], $"sip-ua\n credentials number {x} username u{x} password p realm c.test\n", ct),
                    ConfigHttp.ApplyAsync(http[2], $"sip-ua\n credentials number {y} username u{y} password p realm c.test\n", ct));
                Assert.All(different, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
                var running = await ConfigHttp.RunningAsync(http[0], ct);
                Assert.Contains($"credentials number {x} username u{x} ", running);
                Assert.Contains($"credentials number {y} username u{y} ", running);

                var (p1, p2) = (21000 + round * 2, 21001 + round * 2);
                var same = await Task.WhenAll(
                    ConfigHttp.ApplyAsync(http[1], $"sip-ua\n registrar 2 ipv4:127.0.0.1:{p1} expires 600\n", ct),
                    ConfigHttp.ApplyAsync(http[2], $"sip-ua\n registrar 2 ipv4:127.0.0.1:{p2} expires 600\n", ct));
                var applied = new List<int>();
                foreach (var (answer, port) in same.Zip([p1, p2]))
                {
                    if (answer.Status == HttpStatusCode.OK) applied.Add(port);
                    else
                    {
                        Assert.True(answer.Body.Contains("% conflict: 'registrar 2 ipv4:127.0.0.1:", StringComparison.Ordinal), answer.Body);
                        conflicts++;
                    }
                }
                Assert.NotEmpty(applied);
                var line = (await ConfigHttp.RunningAsync(http[0], ct)).Split('\n').Single(l => l.Trim().StartsWith("registrar 2 ", StringComparison.Ordinal));
                Assert.Contains(applied, p => line.Contains($"127.0.0.1:{p} ", StringComparison.Ordinal));
            }
            output.WriteLine($"{Rounds} rounds through two nodes: {conflicts} of {Rounds * 2} same-item applies refused as conflicts");
        }
        finally
        {
            foreach (var n in nodes) await n.DisposeAsync();
            work.Delete(recursive: true);
        }
    }
}
