using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The HOCON of each deploy setup (hocon/deploy/*.conf), as the real node merges it (<c>actorsip-node --print-config</c>), agrees with
/// the files that use it: the ports, seed names, paths and mounts of the compose file, the Kubernetes manifest, the
/// systemd unit and the dev script. No Docker engine, Kubernetes or systemd runs here, so this is what can be checked
/// of them without one; the dev setup also runs for real (DevClusterPaletteTests).
/// </summary>
public sealed class DeployConfigTests
{
    private static readonly string Root = NodeProcess.RepositoryRoot();

    public static TheoryData<string> Setups() => ["dev", "compose", "kubernetes", "systemd"];

    [Theory]
    [MemberData(nameof(Setups))]
    public void Each_setup_loads_and_keeps_the_split_brain_resolver(string setup)
    {
        var options = Load(setup);
        Assert.Equal("off", options.DemoRegistrar); // a deployed node must not answer for a registrar it cannot reach
        Assert.StartsWith("127.0.0.1:", options.Management, StringComparison.Ordinal); // none of them configures a token
        Assert.Equal("keep-majority", options.SplitBrainStrategy);
        Assert.Contains("SplitBrainResolverProvider", options.DowningProvider, StringComparison.Ordinal);
        // A member is suspected only after a pause of 2 s or more, and downed only after stable-after on top of it;
        // shorter values down members that were only slow (docs/ARCHITECTURE.md, failover trade-off).
        Assert.True(options.StableAfterSeconds >= 2, setup);
        Assert.True(options.AcceptableHeartbeatPauseSeconds >= 2, setup);
    }

    [Fact]
    public void Kubernetes_manifest_matches_its_hocon()
    {
        var options = Load("kubernetes");
        var yaml = File.ReadAllText(Path.Combine(Root, "deploy", "kubernetes", "actorsip.yaml"));
        Assert.Equal(Port(yaml, @"containerPort: (\d+), name: akka"), options.ClusterPort);
        Assert.EndsWith(":" + Port(yaml, @"containerPort: (\d+), name: sip-udp"), options.Sip, StringComparison.Ordinal);
        Assert.Matches($@"readinessProbe:\s+exec: {{ command: \[""curl"", ""-fsS"", ""http://{Regex.Escape(options.Management)}/health/ready""\] }}", yaml);
        Assert.Matches($@"livenessProbe:\s+exec: {{ command: \[""curl"", ""-fsS"", ""http://{Regex.Escape(options.Management)}/health/live""\] }}", yaml);
        var service = Regex.Match(yaml, @"serviceName: (\S+)").Groups[1].Value;
        var replicas = int.Parse(Regex.Match(yaml, @"replicas: (\d+)").Groups[1].Value);
        Assert.True(replicas >= 3, "keep-majority needs at least 3 members");
        foreach (var seed in options.SeedNodes)
            Assert.Matches($@"^{service}-[0-{replicas - 1}]\.{service}:{options.ClusterPort}$", seed);
        Assert.Contains($"--cluster-host=$(POD_NAME).{service}", yaml, StringComparison.Ordinal);
        Assert.Contains("publishNotReadyAddresses: true", yaml, StringComparison.Ordinal);
        Assert.Contains("--hocon=/etc/actorsip/node.conf", yaml, StringComparison.Ordinal);
        Assert.Contains("--from-file=node.conf=hocon/deploy/kubernetes.conf", yaml, StringComparison.Ordinal);
        Assert.Contains("mountPath: /etc/actorsip", yaml, StringComparison.Ordinal);
        Assert.Equal("/data", options.Data);
        Assert.Contains("mountPath: /data", yaml, StringComparison.Ordinal);
        Assert.Equal("/etc/actorsip/trunks.cfg", options.Trunks);
        // The pod listens on every interface and advertises its own address from the downward API.
        Assert.StartsWith("0.0.0.0:", options.Sip, StringComparison.Ordinal);
        Assert.Contains("- --sip-advertise=$(POD_IP)", yaml, StringComparison.Ordinal);
        Assert.Matches(@"- name: POD_IP\s+valueFrom: \{ fieldRef: \{ fieldPath: status\.podIP \} \}", yaml);
    }

    [Fact]
    public void Compose_file_matches_its_hocon()
    {
        var options = Load("compose");
        var compose = File.ReadAllText(Path.Combine(Root, "deploy", "compose", "docker-compose.yml"));
        Assert.Contains("../../hocon/deploy/compose.conf:/etc/actorsip/node.conf:ro", compose, StringComparison.Ordinal);
        Assert.Contains("./trunks.cfg:" + options.Trunks + ":ro", compose, StringComparison.Ordinal);
        var services = Regex.Matches(compose, @"--cluster-host=(\w+)\]").Select(m => m.Groups[1].Value).ToList();
        Assert.True(services.Count >= 3, "keep-majority needs at least 3 members");
        foreach (var service in services) Assert.Contains($"\n  {service}:\n", compose, StringComparison.Ordinal);
        foreach (var seed in options.SeedNodes)
            Assert.Contains(seed, services.Select(s => $"{s}:{options.ClusterPort}"));
        // Each node advertises its own fixed address on the compose network, so their Contacts differ.
        Assert.StartsWith("0.0.0.0:", options.Sip, StringComparison.Ordinal);
        var subnet = Regex.Match(compose, @"subnet: (\d+\.\d+\.\d+)\.0/24").Groups[1].Value;
        Assert.NotEmpty(subnet);
        var advertised = new List<string>();
        foreach (var service in services)
        {
            var block = Regex.Match(compose, $@"\n  {service}:\n(?:    .*\n)+").Value;
            var address = Regex.Match(block, @"ipv4_address: (\S+) ").Groups[1].Value;
            Assert.StartsWith(subnet + ".", address, StringComparison.Ordinal);
            Assert.Contains($"--sip-advertise={address},", block, StringComparison.Ordinal);
            advertised.Add(address);
        }
        Assert.Equal(advertised.Count, advertised.Distinct().Count());
    }

    [Fact]
    public void Systemd_unit_matches_its_hocon()
    {
        var options = Load("systemd");
        var unit = File.ReadAllText(Path.Combine(Root, "deploy", "systemd", "actorsip-node.service"));
        Assert.Contains("--hocon /etc/actorsip/node.conf", unit, StringComparison.Ordinal);
        // StateDirectory=actorsip is /var/lib/actorsip, the one directory ProtectSystem=strict leaves writable.
        Assert.Equal("/var/lib/actorsip", options.Data);
        Assert.Contains("StateDirectory=actorsip", unit, StringComparison.Ordinal);
        // The node speaks systemd's notify protocol (GenericHostTests checks it on a socket): READY=1 and the watchdog.
        Assert.Contains("\nType=notify\n", unit, StringComparison.Ordinal);
        Assert.Matches(@"\nWatchdogSec=\d+s\n", unit);
        Assert.Contains($"{options.ClusterHost}:{options.ClusterPort}", options.SeedNodes);
        // A wildcard listener: the Contact is the machine's address toward each registrar unless node.conf says one.
        Assert.StartsWith("0.0.0.0:", options.Sip, StringComparison.Ordinal);
        Assert.Contains("sip-advertise", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void Dev_script_uses_its_hocon()
    {
        var script = File.ReadAllText(Path.Combine(Root, "deploy", "dev", "cluster.sh"));
        Assert.Contains("$root/hocon/deploy/dev.conf", script, StringComparison.Ordinal);
        Assert.Equal("off", Load("dev").DemoRegistrar);
    }

    /// <summary>
    /// Done-when of issue 15: a real node started with each setup's HOCON, adapted to loopback (free ports, SQLite, a
    /// cluster of one, the setup's own --sip-advertise with this machine's address for the pod's or service's),
    /// registers at Kamailio a Contact it can be reached at: 127.0.0.1 and the listener's port, never 0.0.0.0.
    /// </summary>
    [Theory]
    [MemberData(nameof(Setups))]
    public async Task Each_setup_adapted_to_loopback_registers_a_reachable_contact(string setup)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var options = Load(setup);
        var users = new Dictionary<string, string> { ["d4001"] = "Pw-4001-Deploy" };
        await using var kamailio = await Peers.KamailioRegistrar.StartAsync(new Peers.KamailioOptions { Realm = "deploy.test", Users = users }, ct);
        var work = Directory.CreateTempSubdirectory("actorsip-deploy-");
        try
        {
            var trunks = await TrunkFile.WriteAsync(work.FullName, $"127.0.0.1:{kamailio.Port}", 120, users, "deploy.test", ct);
            var listener = options.Sip[..options.Sip.LastIndexOf(':')] + ":0";
            List<string> args = ["--hocon", Conf(setup), "--data", Path.Combine(work.FullName, "data"), "--trunks", trunks,
                "--sip", listener, "--management", "127.0.0.1:0", "--cluster-host", "127.0.0.1", "--cluster-port", "0", "--seed-nodes", ""];
            args.AddRange(AdvertiseAdaptedToLoopback(setup));
            await using var node = await NodeProcess.StartAsync(args, ct);
            var port = Regex.Match(node.Output, @"actorsip-node running: SIP [^,]*:(\d+),").Groups[1].Value;
            var contacts = await Eventually.Until(() => kamailio.LookupAsync("4001", ct), c => c.Count > 0, TimeSpan.FromSeconds(60),
                $"{setup}: 4001 registered", () => node.Output);
            Assert.Equal($"sip:4001@127.0.0.1:{port}", Assert.Single(contacts).Address);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The setup's own --sip-advertise argument as it would be on this machine: Kubernetes expands $(POD_IP)
    /// from status.podIP (here 127.0.0.1), compose's service address is 127.0.0.1 here; dev and systemd give none.</summary>
    private static string[] AdvertiseAdaptedToLoopback(string setup)
    {
        switch (setup)
        {
            case "kubernetes":
                var yaml = File.ReadAllText(Path.Combine(Root, "deploy", "kubernetes", "actorsip.yaml"));
                var arg = Regex.Match(yaml, @"- (--sip-advertise=\S+)").Groups[1].Value;
                Assert.NotEmpty(arg);
                return [arg.Replace("$(POD_IP)", "127.0.0.1", StringComparison.Ordinal)];
            case "compose":
                var compose = File.ReadAllText(Path.Combine(Root, "deploy", "compose", "docker-compose.yml"));
                Assert.Matches(@"--sip-advertise=[\d.]+,", compose);
                return ["--sip-advertise=127.0.0.1"];
            default:
                return [];
        }
    }

    private sealed record Settings(string Data, string? Trunks, string Sip, string SipAdvertise, string Management, string DemoRegistrar, string ClusterHost,
        int ClusterPort, string[] SeedNodes, string DowningProvider, string SplitBrainStrategy, double StableAfterSeconds,
        double AcceptableHeartbeatPauseSeconds);

    /// <summary>The settings the real node would run with for this setup's file.</summary>
    private static Settings Load(string setup)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { NodeProcess.NodeDll(), "--hocon", Conf(setup), "--print-config" }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "actorsip-node --print-config did not exit");
        Assert.True(p.ExitCode == 0, $"{setup}: exit {p.ExitCode}: {stderr.Result}");
        return JsonSerializer.Deserialize<Settings>(stdout.Result, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static string Conf(string setup) => Path.Combine(Root, "hocon", "deploy", setup + ".conf");

    private static int Port(string text, string pattern) => int.Parse(Regex.Match(text, pattern).Groups[1].Value);
}
