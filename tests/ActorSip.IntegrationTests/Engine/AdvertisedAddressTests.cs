using System.Text.RegularExpressions;
using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The Contact a real actorsip-node registers at a real Kamailio is one the registrar can route to: a node on the
/// wildcard address names the address it reaches the registrar from (never 0.0.0.0), --sip-advertise names what the
/// operator says, and one node with an IPv4 and an IPv6 listener registers with an IPv4 and an IPv6 registrar at once.
/// </summary>
public sealed partial class AdvertisedAddressTests
{
    private const string Realm = "advertise.test";
    private static readonly Dictionary<string, string> Users = new() { ["u3001"] = "Pw-3001-Advertise" };

    private static string Trunks(params string[] registrars)
    {
        var lines = registrars.Select((r, i) => $" registrar {i + 1} {r} expires 120\n");
        return "sip-ua\n" + string.Concat(lines) + " credentials number 3001 username u3001 password Pw-3001-Advertise realm advertise.test\n!\n";
    }

    private static async Task<(DirectoryInfo Work, string[] Args)> Setup(string trunks, CancellationToken ct, params string[] extra)
    {
        var work = Directory.CreateTempSubdirectory("actorsip-advertise-");
        var file = Path.Combine(work.FullName, "trunks.cfg");
        await File.WriteAllTextAsync(file, trunks, ct);
        var hocon = Path.Combine(work.FullName, "test.conf");
        await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 1s\n", ct);
        return (work, ["--data", Path.Combine(work.FullName, "data"), "--trunks", file, "--management", "127.0.0.1:0",
            "--demo-registrar", "off", "--hocon", hocon, .. extra]);
    }

    /// <summary>The registrar's own location table, once it holds endpoint 3001.</summary>
    private static Task<IReadOnlyList<RegisteredContact>> Registered(KamailioRegistrar registrar, NodeProcess node, CancellationToken ct) =>
        Eventually.Until(() => registrar.LookupAsync("3001", ct), c => c.Count > 0, TimeSpan.FromSeconds(60),
            $"3001 registered at the registrar on {registrar.Options.ListenAddress}", () => node.Output);

    [Fact]
    public async Task A_node_on_the_wildcard_address_registers_the_address_it_reaches_the_registrar_from()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
        var (work, args) = await Setup(Trunks($"ipv4:127.0.0.1:{kamailio.Port}"), ct, "--sip", "0.0.0.0:0");
        try
        {
            await using var node = await NodeProcess.StartAsync(args, ct);
            var port = SipPort(node.Output, "0.0.0.0");
            var contact = Assert.Single(await Registered(kamailio, node, ct));
            Assert.Equal($"sip:3001@127.0.0.1:{port}", contact.Address);
            Assert.DoesNotContain("0.0.0.0", contact.Address, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_sip_advertise_the_Contact_carries_the_advertised_host_and_port()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
        var (work, args) = await Setup(Trunks($"ipv4:127.0.0.1:{kamailio.Port}"), ct, "--sip", "0.0.0.0:0", "--sip-advertise", "192.0.2.10:5999");
        try
        {
            await using var node = await NodeProcess.StartAsync(args, ct);
            var contact = Assert.Single(await Registered(kamailio, node, ct));
            // Kamailio answered (the Via carries rport, so responses go to where the REGISTER came from) and stored it.
            Assert.Equal("sip:3001@192.0.2.10:5999", contact.Address);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task One_node_with_an_IPv4_and_an_IPv6_listener_registers_with_an_IPv4_and_an_IPv6_registrar()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var start4 = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users }, ct);
        var start6 = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = Realm, Users = Users, ListenAddress = "::1" }, ct);
        await using var v4 = await start4;
        await using var v6 = await start6;
        var (work, args) = await Setup(Trunks($"ipv4:127.0.0.1:{v4.Port}", $"ipv6:[::1]:{v6.Port}"), ct, "--sip", "127.0.0.1:0,[::1]:0");
        try
        {
            await using var node = await NodeProcess.StartAsync(args, ct);
            var (port4, port6) = (SipPort(node.Output, "127.0.0.1"), SipPort(node.Output, "[::1]"));
            Assert.NotEqual(0, port6);
            Assert.Equal($"sip:3001@127.0.0.1:{port4}", Assert.Single(await Registered(v4, node, ct)).Address);
            var at6 = Assert.Single(await Registered(v6, node, ct));
            Assert.Equal($"sip:3001@[::1]:{port6}", at6.Address);
            Assert.Contains("[::1]", at6.Socket, StringComparison.Ordinal); // it arrived on Kamailio's IPv6 socket
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_options_parse_into_the_settings_and_bad_values_get_a_clear_error()
    {
        var (exit, stdout, stderr) = await PrintConfig("--sip", "0.0.0.0:5060,[::]:5060", "--sip-advertise", "192.0.2.10:5999,2001:db8::10");
        Assert.True(exit == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("0.0.0.0:5060,[::]:5060", json.RootElement.GetProperty("sip").GetString());
        Assert.Equal("192.0.2.10:5999,[2001:db8::10]", json.RootElement.GetProperty("sipAdvertise").GetString());

        (exit, _, stderr) = await PrintConfig("--sip-advertise", "0.0.0.0:5060");
        Assert.Equal(2, exit);
        Assert.Contains("--sip-advertise: '0.0.0.0:5060': a wildcard address cannot be reached", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await PrintConfig("--sip-advertise", "192.0.2.10:99999");
        Assert.Equal(2, exit);
        Assert.Contains("port '99999' must be 1-65535", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await PrintConfig("--sip", "127.0.0.1:0,0.0.0.0:0");
        Assert.Equal(2, exit);
        Assert.Contains("--sip: '127.0.0.1:0' and '0.0.0.0:0' are both IPv4: give one listener per address family", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await PrintConfig("--sip", "127.0.0.1:0,nonsense");
        Assert.Equal(2, exit);
        Assert.Contains("--sip: 'nonsense' is not ADDRESS:PORT", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> PrintConfig(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[NodeProcess.NodeDll(), .. args, "--print-config"]) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>The UDP port of the listener on <paramref name="address"/>, from "actorsip-node running: SIP A:P,B:Q, ...".</summary>
    private static int SipPort(string output, string address)
    {
        var listeners = RunningLine().Match(output).Groups[1].Value.Split(',');
        var listener = Assert.Single(listeners, l => l.StartsWith(address + ":", StringComparison.Ordinal));
        return int.Parse(listener[(listener.LastIndexOf(':') + 1)..]);
    }

    [GeneratedRegex(@"actorsip-node running: SIP (\S+),")]
    private static partial Regex RunningLine();
}
