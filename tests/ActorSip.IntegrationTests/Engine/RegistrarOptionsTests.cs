using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using ActorSip.Sip.Tests.Locating;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The IOS registrar options against real Kamailio registrars and a real actorsip-node: `refresh-ratio` sets the
/// refresh interval the registrar sees, `random-contact` puts a user other than the number in the location table
/// and keeps it, `auth-realm` refuses another realm's challenge without sending any Authorization header.
/// </summary>
public sealed class RegistrarOptionsTests
{
    private const string Endpoint = "3001";

    private static string[] NodeArgs(string data, string? trunks, string hocon) =>
    [
        "--data", data, "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon,
        .. trunks is null ? Array.Empty<string>() : ["--trunks", trunks],
    ];

    private static async Task<(string Data, string Trunks, string Hocon)> Files(DirectoryInfo work, string trunks, CancellationToken ct)
    {
        var path = Path.Combine(work.FullName, "trunks.cfg");
        await File.WriteAllTextAsync(path, trunks, ct);
        var hocon = Path.Combine(work.FullName, "test.conf");
        await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 1s\n", ct);
        return (Path.Combine(work.FullName, "data"), path, hocon);
    }

    [Fact]
    public async Task Refresh_ratio_sets_the_refresh_interval_and_random_contact_keeps_its_user_across_refreshes_and_a_restart()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-regopts-");
        try
        {
            var startA = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "a.test", Users = new Dictionary<string, string> { ["a-3001"] = "pa" } }, ct);
            var startB = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "b.test", Users = new Dictionary<string, string> { ["b-3001"] = "pb" } }, ct);
            await using var a = await startA;
            await using var b = await startB;
            // A: 60 s at 50 % -> a refresh every 30 s, random Contact user. B: 60 s at the node's default 80 % -> every 48 s.
            var (data, trunks, hocon) = await Files(work, $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{a.Port} expires 60 random-contact refresh-ratio 50
                 registrar 2 ipv4:127.0.0.1:{b.Port} expires 60
                 credentials number {Endpoint} username a-3001 password pa realm a.test
                 credentials number {Endpoint} username b-3001 password pb realm b.test
                !
                """, ct);

            string randomUser;
            await using (var node = await NodeProcess.StartAsync(NodeArgs(data, trunks, hocon), ct))
            {
                var atA = await Registered(a, node, ct);
                var atB = await Registered(b, node, ct);
                randomUser = UserOf(atA.Address);
                Assert.NotEqual(Endpoint, randomUser);
                Assert.Matches("^[0-9a-f]{16}$", randomUser);
                Assert.Equal(Endpoint, UserOf(atB.Address));
                Assert.Contains($"registrar 1 ipv4:127.0.0.1:{a.Port} expires 60 random-contact refresh-ratio 50", await RunningConfig(node, ct));

                // A window of 80 s after both are registered: A (first grant at or before its start) refreshes at
                // +30 and +60, B at +48 only (its +96 is outside). Counted, not timed: the bounds are broad.
                var grantsA = Grants(await a.RegistersAsync(ct), atA.CallId);
                var grantsB = Grants(await b.RegistersAsync(ct), atB.CallId);
                await Task.Delay(TimeSpan.FromSeconds(80), ct);
                var refreshesA = Grants(await a.RegistersAsync(ct), atA.CallId) - grantsA;
                var refreshesB = Grants(await b.RegistersAsync(ct), atB.CallId) - grantsB;
                Assert.True(refreshesA is >= 2 and <= 3, $"refresh-ratio 50: {refreshesA} refreshes at A in 80 s\n{node.Output}");
                Assert.True(refreshesB is >= 1 and <= 1, $"default ratio: {refreshesB} refreshes at B in 80 s\n{node.Output}");
                Assert.True(refreshesA > refreshesB);

                // Refreshed: same Contact user, same Call-ID, higher CSeq.
                var refreshed = Assert.Single(await a.LookupAsync(Endpoint, ct));
                Assert.Equal((randomUser, atA.CallId), (UserOf(refreshed.Address), refreshed.CallId));
                Assert.True(refreshed.CSeq > atA.CSeq, $"CSeq {refreshed.CSeq} not above {atA.CSeq}");
                await node.KillAsync();
            }

            // Restarted from the journal (another SIP port, so another Contact): the same random user comes back.
            var before = (await a.RegistersAsync(ct)).Count;
            await using (var restarted = await NodeProcess.StartAsync(NodeArgs(data, null, hocon), ct))
            {
                await Eventually.Until(() => a.RegistersAsync(ct), r => r.Skip(before).Any(x => x.Status == 200),
                    TimeSpan.FromSeconds(40), "re-registration at A after the restart", () => restarted.Output);
                var contacts = await Eventually.Until(() => a.LookupAsync(Endpoint, ct), c => c.Count == 1,
                    TimeSpan.FromSeconds(20), "one contact at A (the old one removed)", () => restarted.Output);
                Assert.Equal(randomUser, UserOf(contacts[0].Address));
                Assert.Equal(Endpoint, UserOf(Assert.Single(await b.LookupAsync(Endpoint, ct)).Address));
                Assert.Equal(0, await restarted.TerminateAsync(TimeSpan.FromSeconds(30)));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Auth_realm_refuses_another_realms_challenge_without_sending_a_credential_and_registers_with_its_own()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-regopts-");
        try
        {
            var startA = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "a.test", Users = new Dictionary<string, string> { ["a-3001"] = "pa" } }, ct);
            var startB = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "b.test", Users = new Dictionary<string, string> { ["b-3001"] = "pb" } }, ct);
            await using var a = await startA;
            await using var b = await startB;
            // A challenges with a.test although it is configured for b.test: a credential for a.test exists and
            // would be right, and still must not be offered.
            var (data, trunks, hocon) = await Files(work, $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{a.Port} auth-realm b.test expires 120
                 registrar 2 ipv4:127.0.0.1:{b.Port} auth-realm b.test expires 120
                 credentials number {Endpoint} username a-3001 password pa realm a.test
                 credentials number {Endpoint} username b-3001 password pb realm b.test
                !
                """, ct);
            await using var node = await NodeProcess.StartAsync(NodeArgs(data, trunks, hocon), ct);

            var rejected = await Eventually.Until(() => Binding(node, $"{Endpoint}@1", ct), s => s.State == "Rejected",
                TimeSpan.FromSeconds(30), "binding at A rejected", () => node.Output);
            Assert.Equal((401, "challenge realm 'a.test' is not auth-realm 'b.test'"), (rejected.Status, rejected.Reason));
            await Registered(b, node, ct);

            var registersA = await a.RegistersAsync(ct);
            Assert.NotEmpty(registersA);
            Assert.All(registersA, r => Assert.True(r.AuthorizationHeaders == 0 && r.Status == 401, r.ToString()));
            Assert.Empty(await a.AuthAttemptsAsync(ct));
            Assert.Empty(await a.LookupAsync(Endpoint, ct));
            Assert.All(await b.AuthAttemptsAsync(ct), x => Assert.Equal(("b-3001", "b.test", AuthResult.Ok), (x.Username, x.Realm, x.Result)));
            Assert.Contains($"registrar 1 ipv4:127.0.0.1:{a.Port} auth-realm b.test expires 120", await RunningConfig(node, ct));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Scheme_sips_registers_a_sips_contact_over_tls()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-regopts-");
        try
        {
            using var pki = TestPki.Create(Path.Combine(work.FullName, "pki"), "ActorSip Test CA");
            var (cert, key) = pki.IssueServer("registrar", "a.test");
            await using var a = await KamailioRegistrar.StartAsync(new KamailioOptions
            {
                Realm = "a.test", Users = new Dictionary<string, string> { ["a-3001"] = "pa" }, Tls = new KamailioTls(cert, key),
            }, ct);
            var (data, trunks, hocon) = await Files(work, $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{a.TlsPort} expires 3600 scheme sips
                 credentials number {Endpoint} username a-3001 password pa realm a.test
                !
                """, ct);
            await File.AppendAllTextAsync(hocon, $"actorsip.sip.tls.ca-file = \"{pki.CaFile}\"\n", ct);
            await using var node = await NodeProcess.StartAsync(NodeArgs(data, trunks, hocon), ct);

            var contact = await Registered(a, node, ct);
            // A sips: Contact (TLS implied, no transport parameter), received on Kamailio's TLS socket.
            Assert.StartsWith($"sips:{Endpoint}@", contact.Address, StringComparison.Ordinal);
            Assert.DoesNotContain("transport=", contact.Address, StringComparison.Ordinal);
            Assert.Equal($"tls:127.0.0.1:{a.TlsPort}", contact.Socket);
            var registers = a.RegistersFromLog();
            Assert.NotEmpty(registers);
            Assert.All(registers, r => Assert.EndsWith("/tls", r.Source, StringComparison.Ordinal));
            Assert.Equal("Registered", (await Binding(node, $"{Endpoint}@1", ct)).State);
            Assert.Contains($"registrar 1 ipv4:127.0.0.1:{a.TlsPort} expires 3600 scheme sips", await RunningConfig(node, ct));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Scheme_sips_never_falls_back_to_udp_or_tcp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-regopts-");
        try
        {
            // Kamailio here speaks UDP and TCP only: a sips: registration must not reach it in clear on either.
            await using var a = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "a.test", Users = new Dictionary<string, string> { ["a-3001"] = "pa" } }, ct);
            var (data, trunks, hocon) = await Files(work, $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{a.Port} expires 120 scheme sips
                 credentials number {Endpoint} username a-3001 password pa realm a.test
                !
                """, ct);
            await using var node = await NodeProcess.StartAsync(NodeArgs(data, trunks, hocon), ct);

            // The attempt was made and failed with no SIP answer (no TLS connection to this registrar): the binding
            // waits to retry (or shows why it is refused) instead of registering in clear.
            var failed = await Eventually.Until(() => Binding(node, $"{Endpoint}@1", ct), s => s.State is "Backoff" or "Rejected" && s.Reason is not null,
                TimeSpan.FromSeconds(40), "sips binding failed over TLS", () => node.Output);
            Assert.Null(failed.Status);
            Assert.Empty(await a.RegistersAsync(ct));
            Assert.Empty(await a.LookupAsync(Endpoint, ct));
            Assert.Contains($"registrar 1 ipv4:127.0.0.1:{a.Port} expires 120 scheme sips", await RunningConfig(node, ct));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static int Grants(IReadOnlyList<RegisterRecord> registers, string callId) =>
        registers.Count(r => r.CallId == callId && r.Status == 200 && r.Expires > 0);

    /// <summary>The user part of a contact address such as "sip:abc@127.0.0.1:5060".</summary>
    private static string UserOf(string address)
    {
        var colon = address.IndexOf(':');
        var at = address.IndexOf('@');
        return address[(colon + 1)..at];
    }

    private static async Task<RegisteredContact> Registered(KamailioRegistrar registrar, NodeProcess node, CancellationToken ct)
    {
        var contacts = await Eventually.Until(() => registrar.LookupAsync(Endpoint, ct), c => c.Count > 0,
            TimeSpan.FromSeconds(30), $"{Endpoint} registered at {registrar.Realm}", () => node.Output);
        return contacts[^1];
    }

    private static async Task<(string State, int? Status, string? Reason)> Binding(NodeProcess node, string id, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
        foreach (var b in doc.RootElement.EnumerateArray())
        {
            if (b.GetProperty("binding").GetString() != id) continue;
            var status = b.GetProperty("lastStatus");
            return (b.GetProperty("state").GetString()!, status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null,
                b.GetProperty("lastReason").GetString());
        }
        return ("absent", null, null);
    }

    private static async Task<string> RunningConfig(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/config", ct));
        return doc.RootElement.GetProperty("text").GetString()!;
    }
}
