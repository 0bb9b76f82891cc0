using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using ActorSip.Sip.Tests.Locating;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// <c>dns:</c> registrars as RFC 3263 has them, against a real DNS server the test starts on 127.0.0.1 (given to the
/// node as <c>actorsip.dns.servers</c>) and real Kamailio registrars behind SRV records: failover to the next SRV target
/// on 408, 503 and a dead target, re-resolution when the records' TTL runs out, and a DNS failure shown as one.
/// </summary>
public sealed class DnsRegistrarTests(ITestOutputHelper output)
{
    private const string Realm = "trunk.test";
    private const string Endpoint = "4001";
    private static readonly Dictionary<string, string> Users = new() { ["u4001"] = "pw-4001-secret" };

    [Fact]
    public async Task A_dns_registrar_fails_over_to_the_next_srv_target_on_408_503_and_a_dead_target()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-dns-");
        using var dns = LoopbackDnsServer.Start();
        try
        {
            var start408 = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
            var start503 = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
            var startBackup = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
            await using var p408 = await start408;
            await using var p503 = await start503;
            await using var backup = await startBackup;
            await p408.SetFailingAsync(-1, 408, 0, ct);
            await p503.SetFailingAsync(-1, 503, 0, ct);
            var deadPort = FreePort.Pick(); // nothing listens: TCP connect is refused

            dns.A("p408.test", 300, "127.0.0.1").A("p503.test", 300, "127.0.0.1").A("dead.test", 300, "127.0.0.1").A("backup.test", 300, "127.0.0.1")
                .Srv("_sip._udp.r408.test", 300, 10, 0, (ushort)p408.Port, "p408.test")
                .Srv("_sip._udp.r408.test", 300, 20, 0, (ushort)backup.Port, "backup.test")
                .Srv("_sip._udp.r503.test", 300, 10, 0, (ushort)p503.Port, "p503.test")
                .Srv("_sip._udp.r503.test", 300, 20, 0, (ushort)backup.Port, "backup.test")
                .Srv("_sip._tcp.rdead.test", 300, 10, 0, (ushort)deadPort, "dead.test")
                .Srv("_sip._tcp.rdead.test", 300, 20, 0, (ushort)backup.Port, "backup.test");

            // What an operator types first: the CLI shows the failover order the node will follow.
            var (resolveCode, resolved) = await CliProcess.RunAsync(ct, "sip", "resolve", "dns:r408.test", "--transport", "udp", "--server", dns.EndPoint.ToString());
            output.WriteLine(resolved);
            Assert.True(resolveCode == 0, resolved);
            Assert.Matches($@"(?m)^1\s+udp\s+127\.0\.0\.1\s+{p408.Port}\s+10\s+0\s+300\s+p408\.test$", resolved);
            Assert.Matches($@"(?m)^2\s+udp\s+127\.0\.0\.1\s+{backup.Port}\s+20\s+0\s+300\s+backup\.test$", resolved);

            await using var node = await StartNode(work, dns.EndPoint, """
                sip-ua
                 registrar 1 dns:r408.test expires 60 transport udp
                 registrar 2 dns:r503.test expires 60 transport udp
                 registrar 3 dns:rdead.test expires 60 transport tcp
                 registrar 4 dns:missing.test expires 60 transport udp
                 credentials number 4001 username u4001 password pw-4001-secret realm trunk.test
                !
                """, ct);
            Assert.Contains($"dns: name servers {dns.EndPoint} (actorsip.dns.servers)", node.Output);

            var bindings = await Eventually.Until(() => Bindings(node, ct),
                b => b.Count == 4 && b.Where(x => x.Registrar != "dns:missing.test").All(x => x.State == "Registered")
                                  && b.Single(x => x.Registrar == "dns:missing.test").LastReason is { } r && r.StartsWith("dns:", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "three bindings registered at the backup, the fourth failing on DNS", () => node.Output);
            var callIds = bindings.ToDictionary(b => b.Registrar, b => b.CallId);

            // Each primary answered its failure once; the backup registered all three bindings.
            Assert.Contains(await p408.RegistersAsync(ct), r => r.CallId == callIds["dns:r408.test"] && r.Status == 408);
            Assert.Contains(await p503.RegistersAsync(ct), r => r.CallId == callIds["dns:r503.test"] && r.Status == 503);
            var atBackup = await backup.RegistersAsync(ct);
            foreach (var registrar in new[] { "dns:r408.test", "dns:r503.test", "dns:rdead.test" })
                Assert.Contains(atBackup, r => r.CallId == callIds[registrar] && r.Status == 200);
            Assert.DoesNotContain(atBackup, r => r.CallId == callIds["dns:missing.test"]);

            // The DNS failure is shown as such, in the API and in what the operator reads.
            var missing = bindings.Single(b => b.Registrar == "dns:missing.test");
            Assert.Equal("Backoff", missing.State);
            Assert.StartsWith("dns: no SRV/A for missing.test", missing.LastReason);
            var (code, status) = await CliProcess.RunAsync(ct, "show", "sip-ua", "register", "status", "--node", $"127.0.0.1:{node.Management!.Port}");
            output.WriteLine(status);
            Assert.True(code == 0, status);
            var line = Assert.Single(status.Split('\n'), l => l.Contains("dns:missing.test", StringComparison.Ordinal));
            Assert.Contains("dns: no SRV/A", line); // the column is cut to its width
            Assert.DoesNotContain("transport error", line);
            Assert.DoesNotContain("pw-4001-secret", node.Output + status);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_dns_registrar_is_resolved_again_when_its_ttl_runs_out_and_the_binding_follows_the_new_target()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-dns-ttl-");
        using var dns = LoopbackDnsServer.Start();
        try
        {
            // The registrars grant 10 s, so the node refreshes every 8 s; the records live 2 s.
            var options = new KamailioOptions { Realm = Realm, Users = Users, MinExpires = 5, DefaultExpires = 10, MaxExpires = 10 };
            var startOld = KamailioRegistrar.StartAsync(options, ct);
            var startNew = KamailioRegistrar.StartAsync(options, ct);
            await using var oldRegistrar = await startOld;
            await using var newRegistrar = await startNew;
            dns.A("sip.trunk.test", 2, "127.0.0.1").Srv("_sip._udp.trunk.test", 2, 10, 0, (ushort)oldRegistrar.Port, "sip.trunk.test");

            await using var node = await StartNode(work, dns.EndPoint, """
                sip-ua
                 registrar 1 dns:trunk.test expires 60 transport udp
                 credentials number 4001 username u4001 password pw-4001-secret realm trunk.test
                !
                """, ct);
            await Eventually.Until(() => oldRegistrar.LookupAsync(Endpoint, ct), c => c.Count > 0, TimeSpan.FromSeconds(60),
                "registered at the first SRV target", () => node.Output);
            var queriesBefore = dns.CountQueries("_sip._udp.trunk.test", ARSoft.Tools.Net.Dns.RecordType.Srv);

            // The provider moves its registrar: the SRV record now names another port.
            dns.Remove("_sip._udp.trunk.test").Srv("_sip._udp.trunk.test", 2, 10, 0, (ushort)newRegistrar.Port, "sip.trunk.test");
            var moved = Stopwatch.StartNew();
            await Eventually.Until(() => newRegistrar.LookupAsync(Endpoint, ct), c => c.Count > 0, TimeSpan.FromSeconds(60),
                "registered at the new SRV target", () => node.Output);
            output.WriteLine($"registered at the new target {moved.Elapsed.TotalSeconds:F1} s after the SRV change");

            Assert.True(dns.CountQueries("_sip._udp.trunk.test", ARSoft.Tools.Net.Dns.RecordType.Srv) > queriesBefore, "the SRV name was asked again");
            var binding = Assert.Single(await Bindings(node, ct));
            Assert.Equal("Registered", binding.State);
            // Refreshes go to the new target only from then on.
            var oldCount = (await oldRegistrar.RegistersAsync(ct)).Count;
            await Eventually.Until(async () => (await newRegistrar.RegistersAsync(ct)).Count(r => r.Status == 200), n => n >= 2,
                TimeSpan.FromSeconds(40), "a refresh at the new target", () => node.Output);
            Assert.Equal(oldCount, (await oldRegistrar.RegistersAsync(ct)).Count);

            // The name server goes away (RFC 8767, serve stale): the binding keeps refreshing at the target it last had.
            dns.Dispose();
            var refreshed = (await newRegistrar.RegistersAsync(ct)).Count(r => r.Status == 200);
            await Eventually.Until(async () => (await newRegistrar.RegistersAsync(ct)).Count(r => r.Status == 200), n => n >= refreshed + 2,
                TimeSpan.FromSeconds(60), "two refreshes with the name server gone", () => node.Output);
            Assert.Equal("Registered", Assert.Single(await Bindings(node, ct)).State);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Name_servers_come_from_resolv_conf_loopback_included_unless_configured()
    {
        var work = Directory.CreateTempSubdirectory("actorsip-dns-conf-");
        try
        {
            var resolv = Path.Combine(work.FullName, "resolv.conf");
            await File.WriteAllTextAsync(resolv, "# systemd-resolved stub\nsearch example.com\nnameserver 127.0.0.53\nnameserver ::1\n");
            var fromFile = await PrintConfig(work, $"actorsip.dns.resolv-conf = \"{resolv}\"");
            Assert.True(fromFile.Code == 0, fromFile.Output);
            using (var json = JsonDocument.Parse(fromFile.Output))
            {
                Assert.Equal(["127.0.0.53:53", "[::1]:53"], json.RootElement.GetProperty("dnsServers").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(resolv, json.RootElement.GetProperty("dnsServersSource").GetString());
            }

            var configured = await PrintConfig(work, $"actorsip.dns.resolv-conf = \"{resolv}\"\nactorsip.dns.servers = [\"10.0.0.2\", \"[2001:db8::53]:5353\"]");
            Assert.True(configured.Code == 0, configured.Output);
            using (var json = JsonDocument.Parse(configured.Output))
                Assert.Equal(["10.0.0.2:53", "[2001:db8::53]:5353"], json.RootElement.GetProperty("dnsServers").EnumerateArray().Select(e => e.GetString()));

            var bad = await PrintConfig(work, "actorsip.dns.servers = [\"dns.example.com\"]");
            Assert.Equal(2, bad.Code); // a usage error, as every bad setting
            Assert.Contains("actorsip.dns.servers: 'dns.example.com' is not ADDRESS[:PORT]", bad.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> PrintConfig(DirectoryInfo work, string hocon)
    {
        var file = Path.Combine(work.FullName, "node.conf");
        await File.WriteAllTextAsync(file, hocon);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { NodeProcess.NodeDll(), "--hocon", file, "--print-config" }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    private static async Task<NodeProcess> StartNode(DirectoryInfo work, IPEndPoint dns, string trunks, CancellationToken ct)
    {
        var trunksFile = Path.Combine(work.FullName, "trunks.cfg");
        await File.WriteAllTextAsync(trunksFile, trunks, ct);
        var hocon = Path.Combine(work.FullName, "test.conf");
        await File.WriteAllTextAsync(hocon, $"""
            actorsip.registration.startup-spread = 1s
            actorsip.dns.servers = ["{dns}"]
            """, ct);
        return await NodeProcess.StartAsync(
        [
            "--data", Path.Combine(work.FullName, "data"), "--trunks", trunksFile, "--sip", "127.0.0.1:0",
            "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon,
        ], ct);
    }

    private sealed record Binding(string Registrar, string State, string? LastReason, string CallId);

    private static async Task<List<Binding>> Bindings(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
        return doc.RootElement.EnumerateArray().Select(b => new Binding(
            b.GetProperty("registrar").GetString()!, b.GetProperty("state").GetString()!,
            b.GetProperty("lastReason").GetString(), b.GetProperty("callId").GetString()!)).ToList();
    }
}
