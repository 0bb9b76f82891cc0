using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// What an operator does with pbm's palettes, against a 3-node cluster started by deploy/dev/cluster.sh (PostgreSQL
/// journal, Kamailio registrar): `cluster show` lists 3 members, `cluster-sharding region-stats` shows the bindings
/// spread over the nodes, and `cluster leave` makes one node leave with no registration gap at the registrar.
/// </summary>
public sealed class DevClusterPaletteTests(ITestOutputHelper output)
{
    private const int Bindings = 60;

    [Fact]
    public async Task Dev_cluster_show_region_stats_and_leave_without_a_registration_gap()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-devcluster-");
        // The script runs PostgreSQL as the postgres user, which must reach its data directory below this one.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(work.FullName, (UnixFileMode)0b111_101_101);
        var management = new[] { FreePort.Pick(), FreePort.Pick(), FreePort.Pick() };
        var env = new Dictionary<string, string>
        {
            ["ACTORSIP_DEV_DIR"] = Path.Combine(work.FullName, "state"),
            ["ACTORSIP_DEV_CLUSTER_PORTS"] = string.Join(",", FreePort.Pick(), FreePort.Pick(), FreePort.Pick()),
            ["ACTORSIP_DEV_SIP_PORTS"] = string.Join(",", FreePort.Pick(), FreePort.Pick(), FreePort.Pick()),
            ["ACTORSIP_DEV_MANAGEMENT_PORTS"] = string.Join(",", management),
            ["ACTORSIP_DEV_PG_PORT"] = FreePort.Pick().ToString(),
            ["ACTORSIP_DEV_NODE_DLL"] = NodeProcess.NodeDll(),
            ["ACTORSIP_DEV_HOCON"] = Path.Combine(work.FullName, "test.conf"),
        };
        var users = Enumerable.Range(0, Bindings).ToDictionary(i => $"u{7000 + i}", i => $"pw-{7000 + i}");
        await using var registrar = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "dev.test", Users = users }, ct);
        var trunks = new StringBuilder($"sip-ua\n registrar 1 ipv4:127.0.0.1:{registrar.Port} expires 600\n");
        foreach (var (user, password) in users)
            trunks.Append($" credentials number {user[1..]} username {user} password {password} realm dev.test\n");
        var trunksFile = Path.Combine(work.FullName, "trunks.cfg");
        await File.WriteAllTextAsync(trunksFile, trunks.ToString(), ct);
        await File.WriteAllTextAsync(env["ACTORSIP_DEV_HOCON"], "actorsip.registration.startup-spread = 1s\n", ct);
        try
        {
            var (started, startOutput) = await Script(env, ct, "start", trunksFile);
            Assert.True(started == 0, startOutput);
            await Eventually.Until(() => registrar.RegisteredUsersAsync(ct), n => n == Bindings, TimeSpan.FromSeconds(90),
                $"{Bindings} endpoints registered", () => Logs(env));

            var node0 = $"127.0.0.1:{management[0]}";
            var node2 = $"127.0.0.1:{management[2]}";
            var members = await Eventually.Until(() => Cli(ct, node0, "cluster", "show"),
                r => r.Output.Contains("Count: 3 nodes", StringComparison.Ordinal) && UpCount(r.Output) == 3,
                TimeSpan.FromSeconds(30), "3 members up", () => Logs(env));
            output.WriteLine(members.Output);
            Assert.Equal(3, UpCount(members.Output));

            // Rebalancing spreads the shards: every node ends up holding some of the bindings.
            var spread = await Eventually.Until(() => Cli(ct, node0, "cluster-sharding", "region-stats", "-r", "binding"),
                r => r.Output.Split('\n').Count(l => l.Contains("| entities: ", StringComparison.Ordinal) && !l.Contains("| entities: 0", StringComparison.Ordinal)) == 3
                     && r.Output.Contains($"Count: {Bindings} entities in ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "bindings on all 3 nodes", () => Logs(env));
            output.WriteLine(spread.Output);
            Assert.Contains($"Count: {Bindings} entities in ", spread.Output);
            var json = await Cli(ct, node0, "cluster-sharding", "region-stats", "-r", "binding", "--json");
            using (var doc = JsonDocument.Parse(json.Output))
                Assert.Equal(Bindings, doc.RootElement.EnumerateArray().Sum(r => r.GetProperty("entities").GetInt32()));
            await Eventually.Until(() => registrar.RegisteredUsersAsync(ct), n => n == Bindings, TimeSpan.FromSeconds(30), "all registered after rebalancing");

            // `cluster leave` on node 2: it hands its bindings over and exits; the registrar never loses an AOR.
            var logBefore = registrar.RegistersFromLog().Count;
            var leave = await Cli(ct, node2, "cluster", "leave");
            Assert.True(leave.ExitCode == 0, leave.Output);
            Assert.Contains("leaving akka.tcp://actorsip@127.0.0.1:", leave.Output);
            var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(env["ACTORSIP_DEV_DIR"], "node2.pid"), ct));
            var lowest = Bindings;
            var clock = Stopwatch.StartNew();
            while (Alive(pid) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                lowest = Math.Min(lowest, await registrar.RegisteredUsersAsync(ct));
                await Task.Delay(200, ct);
            }
            Assert.False(Alive(pid), "node 2 still running 60 s after cluster leave");
            output.WriteLine($"node 2 left and exited {clock.Elapsed.TotalSeconds:F1} s after `cluster leave`");
            Assert.Contains("left the cluster", await File.ReadAllTextAsync(Path.Combine(env["ACTORSIP_DEV_DIR"], "node2.log"), ct));

            var after = await Eventually.Until(() => Cli(ct, node0, "cluster", "show"), r => r.Output.Contains("Count: 2 nodes", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "2 members after the leave");
            var remaining = await Eventually.Until(() => Cli(ct, node0, "cluster-sharding", "region-stats", "-r", "binding"),
                r => r.Output.Contains($"Count: {Bindings} entities in ", StringComparison.Ordinal) && r.Output.Contains("on 2 nodes", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "every binding on the remaining 2 nodes");
            output.WriteLine(after.Output + remaining.Output);
            for (var i = 0; i < 10; i++)
            {
                lowest = Math.Min(lowest, await registrar.RegisteredUsersAsync(ct));
                await Task.Delay(200, ct);
            }
            Assert.Equal(Bindings, lowest); // no moment without a contact, for any AOR
            Assert.DoesNotContain(registrar.RegistersFromLog().Skip(logBefore), r => r.Expires == 0); // nothing un-REGISTERed
        }
        finally
        {
            await Script(env, CancellationToken.None, "stop");
            work.Delete(recursive: true);
        }
    }

    private static int UpCount(string members) => members.Split('\n').Count(l => l.Contains("| Up | Reachable |", StringComparison.Ordinal));

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task<(int ExitCode, string Output)> Cli(CancellationToken ct, string node, params string[] args) =>
        CliProcess.RunAsync(ct, [node, .. args]);

    private static async Task<(int ExitCode, string Output)> Script(Dictionary<string, string> env, CancellationToken ct, params string[] args)
    {
        var script = Path.Combine(Path.GetDirectoryName(NodeProcess.NodeDll())!, "..", "..", "..", "..", "..", "deploy", "dev", "cluster.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.GetFullPath(script));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Logs(Dictionary<string, string> env) =>
        string.Join("\n---\n", Enumerable.Range(0, 3).Select(i => Path.Combine(env["ACTORSIP_DEV_DIR"], $"node{i}.log"))
            .Where(File.Exists).Select(f => { var t = File.ReadAllText(f); return t.Length <= 2000 ? t : t[^2000..]; }));
}
