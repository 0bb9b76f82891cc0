using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using ActorSip.Sip.Tests.Locating;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// `registrar N ... transport tls` against a real Kamailio with its tls module and a CA the test makes: the node
/// registers over TLS with no option but the CA bundle, refuses a certificate from another CA with a visible state
/// (and nothing over UDP), and registers again over a new connection when the registrar drops the one it had.
/// </summary>
public sealed class SipTlsRegistrationTests
{
    private static readonly string[] Endpoints = ["3001", "3002"];
    private static readonly Dictionary<string, string> Users = new() { ["t-3001"] = "Pt-3001-secret", ["t-3002"] = "Pt-3002-secret" };

    private static string Trunks(int tlsPort) => $"""
        sip-ua
         registrar 1 ipv4:127.0.0.1:{tlsPort} expires 3600 transport tls
         credentials number 3001 username t-3001 password Pt-3001-secret realm tls-provider.test
         credentials number 3002 username t-3002 password Pt-3002-secret realm tls-provider.test
        !
        """;

    private sealed record Setup(string Work, string Data, string Trunks, string Hocon) : IDisposable
    {
        public string[] Args => ["--data", Data, "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off",
            "--hocon", Hocon, "--trunks", Trunks];

        public void Dispose()
        {
            try { Directory.Delete(Work, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<Setup> PrepareAsync(string work, int tlsPort, string caFile, CancellationToken ct)
    {
        var trunks = Path.Combine(work, "trunks.cfg");
        await File.WriteAllTextAsync(trunks, Trunks(tlsPort), ct);
        var hocon = Path.Combine(work, "node.conf");
        await File.WriteAllTextAsync(hocon, $"""
            actorsip.registration.startup-spread = 1s
            actorsip.sip.tls.ca-file = "{caFile}"
            """, ct);
        return new Setup(work, Path.Combine(work, "data"), trunks, hocon);
    }

    private static async Task<List<(string Endpoint, string State, string? Reason)>> BindingsAsync(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
        return doc.RootElement.EnumerateArray().Select(b => (
            b.GetProperty("endpoint").GetString()!, b.GetProperty("state").GetString()!,
            b.TryGetProperty("lastReason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)).ToList();
    }

    private static Task<IReadOnlyDictionary<string, IReadOnlyList<RegisteredContact>>> AllRegisteredAsync(KamailioRegistrar kamailio, NodeProcess node,
        CancellationToken ct) =>
        Eventually.Until(() => kamailio.DumpAsync(ct), d => Endpoints.All(e => d.TryGetValue(e, out var c) && c.Count > 0),
            TimeSpan.FromSeconds(60), "every endpoint registered over TLS", () => node.Output + "\n--- kamailio ---\n" + kamailio.Log);

    [Fact]
    public async Task Registers_over_tls_with_the_configured_ca_over_one_shared_connection()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-").FullName;
        using var pki = TestPki.Create(Path.Combine(work, "pki"), "ActorSip Test CA");
        var (cert, key) = pki.IssueServer("registrar", "tls-provider.test");
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions
        {
            Realm = "tls-provider.test", Users = Users, Tls = new KamailioTls(cert, key),
        }, ct);
        using var setup = await PrepareAsync(work, kamailio.TlsPort, pki.CaFile, ct);
        await using var node = await NodeProcess.StartAsync(setup.Args, ct);

        var dump = await AllRegisteredAsync(kamailio, node, ct);
        foreach (var endpoint in Endpoints)
        {
            var contact = Assert.Single(dump[endpoint]);
            // The location table holds the TLS socket the REGISTER came in on, and our Contact says transport=tls.
            Assert.Equal($"tls:127.0.0.1:{kamailio.TlsPort}", contact.Socket);
            Assert.Contains("transport=tls", contact.Address, StringComparison.Ordinal);
        }
        // Every REGISTER (challenged and answered, for both endpoints) came over TLS from one connection.
        var registers = kamailio.RegistersFromLog();
        Assert.True(registers.Count >= 2 * Endpoints.Length, string.Join("\n", registers));
        Assert.All(registers, r => Assert.EndsWith("/tls", r.Source, StringComparison.Ordinal));
        Assert.Single(registers.Select(r => r.Source).Distinct());
        Assert.All(await BindingsAsync(node, ct), b => Assert.Equal("Registered", b.State));
    }

    [Fact]
    public async Task A_dns_registrar_over_tls_resolves_sips_srv_and_checks_the_certificate_against_the_domain()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-").FullName;
        using var pki = TestPki.Create(Path.Combine(work, "pki"), "ActorSip Test CA");
        // Valid for the registrar's domain only: not for the SRV target's name, not for 127.0.0.1.
        var (cert, key) = pki.IssueServer("registrar", includeLoopback: false, "tls-provider.test");
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions
        {
            Realm = "tls-provider.test", Users = Users, Tls = new KamailioTls(cert, key),
        }, ct);
        using var dns = LoopbackDnsServer.Start();
        dns.A("sip1.tls-provider.test", 300, "127.0.0.1")
            .Srv("_sips._tcp.tls-provider.test", 300, 10, 0, (ushort)kamailio.TlsPort, "sip1.tls-provider.test");
        using var setup = await PrepareAsync(work, kamailio.TlsPort, pki.CaFile, ct);
        await File.WriteAllTextAsync(setup.Trunks, Trunks(kamailio.TlsPort).Replace($"ipv4:127.0.0.1:{kamailio.TlsPort}", "dns:tls-provider.test",
            StringComparison.Ordinal), ct);
        await File.AppendAllTextAsync(setup.Hocon, $"\nactorsip.dns.servers = [\"{dns.EndPoint}\"]\n", ct);
        await using var node = await NodeProcess.StartAsync(setup.Args, ct);

        var dump = await AllRegisteredAsync(kamailio, node, ct);
        Assert.All(Endpoints, e => Assert.Equal($"tls:127.0.0.1:{kamailio.TlsPort}", Assert.Single(dump[e]).Socket));
        Assert.All(kamailio.RegistersFromLog(), r => Assert.EndsWith("/tls", r.Source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_tls_listener_the_contact_carries_its_port_and_the_listener_serves_the_certificate()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-").FullName;
        using var pki = TestPki.Create(Path.Combine(work, "pki"), "ActorSip Test CA");
        var (cert, key) = pki.IssueServer("registrar", "tls-provider.test");
        var nodePfx = pki.IssueServerPfx("node", "pfx-secret", "node.test");
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions
        {
            Realm = "tls-provider.test", Users = Users, Tls = new KamailioTls(cert, key),
        }, ct);
        using var setup = await PrepareAsync(work, kamailio.TlsPort, pki.CaFile, ct);
        await File.AppendAllTextAsync(setup.Hocon, $"\nactorsip.sip.tls.certificate = \"{nodePfx}\"\n", ct);

        // A listener without its certificate's password is refused at start, with the setting named.
        var refused = NodeProcess.Launch([.. setup.Args, "--sip-tls", "127.0.0.1:0"]);
        await Eventually.Until(() => Task.FromResult(refused.HasExited && refused.Output.Contains("actorsip.sip.tls.certificate", StringComparison.Ordinal)),
            done => done, TimeSpan.FromSeconds(60), "the node refusing to start", () => refused.Output);
        Assert.NotEqual(0, refused.ExitCode);
        await refused.DisposeAsync();

        await using var node = await NodeProcess.StartAsync([.. setup.Args, "--sip-tls", "127.0.0.1:0"], ct,
            new Dictionary<string, string> { ["ACTORSIP_SIP_TLS_CERT_PASSWORD"] = "pfx-secret" });
        var tlsPort = int.Parse(System.Text.RegularExpressions.Regex.Match(node.Output, @"SIP TLS 127\.0\.0\.1:(\d+)").Groups[1].Value);

        var dump = await AllRegisteredAsync(kamailio, node, ct);
        Assert.All(Endpoints, e => Assert.Contains($"@127.0.0.1:{tlsPort};transport=tls", Assert.Single(dump[e]).Address, StringComparison.Ordinal));

        // An inbound TLS client gets the node's certificate.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, tlsPort, ct);
        using var ssl = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = "node.test" }, ct);
        Assert.Equal("CN=node.test", ssl.RemoteCertificate!.Subject);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused_with_a_visible_state_and_nothing_is_sent_over_udp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-").FullName;
        using var trusted = TestPki.Create(Path.Combine(work, "trusted"), "ActorSip Trusted CA");
        using var other = TestPki.Create(Path.Combine(work, "other"), "Someone Else's CA");
        var (cert, key) = other.IssueServer("registrar", "tls-provider.test");
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions
        {
            Realm = "tls-provider.test", Users = Users, Tls = new KamailioTls(cert, key),
        }, ct);
        using var setup = await PrepareAsync(work, kamailio.TlsPort, trusted.CaFile, ct);
        await using var node = await NodeProcess.StartAsync(setup.Args, ct);

        var bindings = await Eventually.Until(() => BindingsAsync(node, ct),
            list => list.Count == Endpoints.Length && list.All(b => b.State == "Rejected"),
            TimeSpan.FromSeconds(60), "every binding rejected", () => node.Output);
        Assert.All(bindings, b => Assert.StartsWith("certificate not trusted: ", b.Reason, StringComparison.Ordinal));
        Assert.All(bindings, b => Assert.Contains("Someone Else's CA", b.Reason, StringComparison.Ordinal));

        // The CLI shows the same state and reason (the table clips it; --json has it whole).
        var cli = await CliProcess.RunAsync(ct, "show", "sip-ua", "register", "status", "--node", node.Management!.Authority, "--json");
        Assert.Contains("certificate not trusted", cli.Output, StringComparison.Ordinal);

        // Held, not retried: the log shows one rejection per binding over a few seconds, and the registrar never
        // saw a REGISTER over any transport (no fallback to UDP or TCP).
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var rejections = node.Output.Split('\n').Count(l => l.Contains("-> Rejected", StringComparison.Ordinal));
        Assert.Equal(Endpoints.Length, rejections);
        Assert.Empty(await kamailio.RegistersAsync(ct));
        Assert.Empty(kamailio.RegistersFromLog());
    }

    [Fact]
    public async Task When_the_registrar_drops_the_connection_every_binding_registers_again_over_a_new_one()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-").FullName;
        using var pki = TestPki.Create(Path.Combine(work, "pki"), "ActorSip Test CA");
        var (cert, key) = pki.IssueServer("registrar", "tls-provider.test");
        // Kamailio closes a connection idle for 4 s: the registrar drops our connection, as providers' proxies do.
        await using var kamailio = await KamailioRegistrar.StartAsync(new KamailioOptions
        {
            Realm = "tls-provider.test", Users = Users, Tls = new KamailioTls(cert, key, ConnectionLifetime: 4),
        }, ct);
        using var setup = await PrepareAsync(work, kamailio.TlsPort, pki.CaFile, ct);
        await using var node = await NodeProcess.StartAsync(setup.Args, ct);

        await AllRegisteredAsync(kamailio, node, ct);
        var first = kamailio.RegistersFromLog().First(r => r.Status == 200).Source;

        // Expiry 3600 means the next refresh is 48 min away: a new REGISTER within the bound comes from the loss.
        var again = await Eventually.Until(() => Task.FromResult(kamailio.RegistersFromLog()),
            list => Endpoints.All(e => list.Any(r => r.Status == 200 && r.Source != first
                && list.Any(x => x.CallId == r.CallId && x.Source == first))),
            TimeSpan.FromSeconds(45), "both bindings registered again over a new connection", () => node.Output + "\n--- kamailio ---\n" + kamailio.Log);
        Assert.All(again, r => Assert.EndsWith("/tls", r.Source, StringComparison.Ordinal));
        Assert.Contains("connection to 127.0.0.1:" + kamailio.TlsPort, node.Output, StringComparison.Ordinal);
        await Eventually.Until(() => BindingsAsync(node, ct), list => list.Count == Endpoints.Length && list.All(b => b.State == "Registered"),
            TimeSpan.FromSeconds(30), "bindings registered", () => node.Output);
    }
}
