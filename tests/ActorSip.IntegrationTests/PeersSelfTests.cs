using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests;

/// <summary>
/// Proves the peers work on their own — real Kamailio registrars, sipp and the scenario files — with no ActorSip code
/// in the loop, so a failing registration-engine test points at the engine, not at the harness.
/// </summary>
public sealed class PeersSelfTests
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(3);

    private static CancellationToken Bounded(int seconds = 20) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static KamailioOptions ProviderA => new()
    {
        Realm = "provider-a.test",
        Users = new Dictionary<string, string> { ["alice"] = "alice-secret-a" },
    };

    private static KamailioOptions ProviderB => new()
    {
        Realm = "provider-b.test",
        Users = new Dictionary<string, string> { ["bob"] = "bob-secret-b" },
    };

    [Fact]
    public async Task Two_registrars_with_different_realms_each_register_their_own_user_sent_by_sipp()
    {
        var ct = Bounded();
        var startA = KamailioRegistrar.StartAsync(ProviderA, ct);
        var startB = KamailioRegistrar.StartAsync(ProviderB, ct);
        await using var a = await startA;
        await using var b = await startB;
        Assert.NotEqual(a.Port, b.Port);

        var runA = Sipp.RunAsync(RegisterWithSipp(a.Port, "alice", "alice-secret-a"), ct);
        var runB = Sipp.RunAsync(RegisterWithSipp(b.Port, "bob", "bob-secret-b"), ct);
        await using var sippA = await runA;
        await using var sippB = await runB;
        Assert.True(await sippA.WaitForExitAsync(ct) == 0, sippA.Describe());
        Assert.True(await sippB.WaitForExitAsync(ct) == 0, sippB.Describe());

        var aliceAtA = Assert.Single(await a.LookupAsync("sip:alice@provider-a.test", ct));
        Assert.Equal($"sip:alice@127.0.0.1:{sippA.Port};transport=UDP", aliceAtA.Address);
        Assert.InRange(aliceAtA.Expires, 295, 300); // ul.lookup reports the seconds left, which tick while we look
        var bobAtB = Assert.Single(await b.LookupAsync("bob", ct));
        Assert.Equal($"sip:bob@127.0.0.1:{sippB.Port};transport=UDP", bobAtB.Address);
        Assert.Empty(await a.LookupAsync("bob", ct));
        Assert.Empty(await b.LookupAsync("alice", ct));
        Assert.Equal(1, await a.RegisteredUsersAsync(ct));
        Assert.Equal(1, await b.RegisteredUsersAsync(ct));

        // Each registrar saw exactly one set of credentials: its own user, for its own realm.
        Assert.Equal([new("alice", "provider-a.test", AuthResult.Ok)], (await a.AuthAttemptsAsync(ct)).Select(x => (x.Username, x.Realm, x.Result)));
        Assert.Equal([new("bob", "provider-b.test", AuthResult.Ok)], (await b.AuthAttemptsAsync(ct)).Select(x => (x.Username, x.Realm, x.Result)));
        // And every REGISTER was challenged before it was accepted.
        Assert.Equal([401, 200], (await a.RegistersAsync(ct)).Select(r => r.Status));
    }

    [Fact]
    public async Task A_wrong_password_is_challenged_again_and_nothing_is_registered()
    {
        var ct = Bounded();
        await using var a = await KamailioRegistrar.StartAsync(ProviderA, ct);

        await using var sipp = await Sipp.RunAsync(RegisterWithSipp(a.Port, "alice", "not-alices-password"), ct);

        // The scenario expects 200 after its credentials; a second 401 fails the call.
        Assert.True(await sipp.WaitForExitAsync(ct) == 1, sipp.Describe());
        Assert.Equal([401, 401], sipp.Received().Select(m => m.StatusCode ?? 0));
        var attempt = Assert.Single(await a.AuthAttemptsAsync(ct));
        Assert.Equal(("alice", "provider-a.test", AuthResult.WrongPassword), (attempt.Username, attempt.Realm, attempt.Result));
        Assert.Empty(await a.LookupAsync("alice", ct));
        Assert.Equal(0, await a.RegisteredUsersAsync(ct));
    }

    [Fact]
    public async Task Sipp_uas_423_scenario_answers_a_hand_written_register_with_min_expires_then_accepts_the_retry()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-423.xml" }, ct);
        using var client = new UdpSipClient();

        await client.SendAsync(Register(client.LocalPort, sipp.Port, "carol", "uas.test", cseq: 1, expires: 60), sipp.Port);
        var first = await client.ReceiveAsync(Receive);
        Assert.Equal(423, first.StatusCode);
        Assert.Equal("3600", first.Header("Min-Expires"));

        await client.SendAsync(Register(client.LocalPort, sipp.Port, "carol", "uas.test", cseq: 2, expires: 3600), sipp.Port);
        var second = await client.ReceiveAsync(Receive);
        Assert.Equal(200, second.StatusCode);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
        Assert.Equal(["REGISTER", "REGISTER"], sipp.Received().Select(m => m.Method));
    }

    [Fact]
    public async Task Sha256_registrar_accepts_a_sha256_digest_and_records_credentials_sent_for_another_realm()
    {
        var ct = Bounded();
        await using var b = await KamailioRegistrar.StartAsync(ProviderB with { Algorithm = "SHA-256" }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{b.Port}";

        // A client that wrongly offers provider A's credentials to provider B: B must not accept, and must record it.
        var leaked = $"Authorization: Digest username=\"alice\", realm=\"provider-a.test\", nonce=\"x\", uri=\"{uri}\", response=\"00\"";
        await client.SendAsync(Register(client.LocalPort, b.Port, "bob", "provider-b.test", cseq: 1, expires: 600, extra: leaked), b.Port);
        var challenge = await client.ReceiveAsync(Receive);
        Assert.Equal(401, challenge.StatusCode);
        var offered = Digest.ParseChallenge(challenge.Header("WWW-Authenticate")!);
        Assert.Equal("SHA-256", offered["algorithm"]);
        Assert.Equal("provider-b.test", offered["realm"]);
        Assert.Equal("auth", offered["qop"]);

        var authorization = "Authorization: " + Digest.Authorization(offered, "bob", "bob-secret-b", "REGISTER", uri);
        await client.SendAsync(Register(client.LocalPort, b.Port, "bob", "provider-b.test", cseq: 2, expires: 600, extra: authorization), b.Port);
        var ok = await client.ReceiveAsync(Receive);
        Assert.Equal(200, ok.StatusCode);

        Assert.Equal(
            [("alice", "provider-a.test", AuthResult.ForeignRealm), ("bob", "provider-b.test", AuthResult.Ok)],
            (await b.AuthAttemptsAsync(ct)).Select(x => (x.Username, x.Realm, x.Result)));
        Assert.InRange(Assert.Single(await b.LookupAsync("bob", ct)).Expires, 595, 600); // seconds left
    }

    [Fact]
    public async Task Registrar_behaviours_503_retry_after_and_423_min_expires_and_403_can_be_switched_at_runtime()
    {
        var ct = Bounded();
        await using var a = await KamailioRegistrar.StartAsync(ProviderA with { UnavailableRetryAfter = 7, UnavailableCount = 1 }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{a.Port}";
        async Task<SippMessage> Send(int cseq, int expires, string? extra = null)
        {
            await client.SendAsync(Register(client.LocalPort, a.Port, "alice", "provider-a.test", cseq, expires, extra), a.Port);
            return await client.ReceiveAsync(Receive);
        }

        var unavailable = await Send(1, 30);
        Assert.Equal(503, unavailable.StatusCode);
        Assert.Equal("7", unavailable.Header("Retry-After"));

        // The 503 was for one request only; now the normal challenge.
        var challenge = Digest.ParseChallenge((await Send(2, 30)).Header("WWW-Authenticate")!);
        await a.SetIntervalTooBriefBelowAsync(600, ct);
        var tooBrief = await Send(3, 30, "Authorization: " + Digest.Authorization(challenge, "alice", "alice-secret-a", "REGISTER", uri));
        Assert.Equal(423, tooBrief.StatusCode);
        Assert.Equal("600", tooBrief.Header("Min-Expires"));

        await a.SetForbiddenAsync("alice", true, ct);
        var forbidden = await Send(4, 600, "Authorization: " + Digest.Authorization(challenge, "alice", "alice-secret-a", "REGISTER", uri));
        Assert.Equal(403, forbidden.StatusCode);

        Assert.Equal([503, 401, 423, 403], (await a.RegistersAsync(ct)).Select(r => r.Status));
        Assert.Equal(0, await a.RegisteredUsersAsync(ct));
    }

    private static string Register(int localPort, int remotePort, string user, string domain, int cseq, int expires, string? extra = null) =>
        HandWritten.Register(localPort, remotePort, user, domain, cseq, expires, extra);

    private static SippOptions RegisterWithSipp(int registrarPort, string user, string password) => new()
    {
        Scenario = "uac-register-auth.xml",
        RemotePort = registrarPort,
        Service = user,
        AuthUsername = user,
        AuthPassword = password,
        Keys = new Dictionary<string, string> { ["expires"] = "300" },
        Timeout = TimeSpan.FromSeconds(8),
    };
}
