using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests;

/// <summary>The Kamailio registrar's less common paths: TCP, stale nonces, unknown users, dropped requests, cleanup.</summary>
public sealed class RegistrarSelfTests
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(3);

    private static CancellationToken Bounded(int seconds = 20) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static KamailioOptions Provider => new()
    {
        Realm = "provider-c.test",
        Users = new Dictionary<string, string> { ["carol"] = "carol-pw" },
    };

    [Fact]
    public async Task Registers_over_tcp_too()
    {
        var ct = Bounded();
        await using var registrar = await KamailioRegistrar.StartAsync(Provider, ct);

        await using var sipp = await Sipp.RunAsync(new SippOptions
        {
            Scenario = "uac-register-auth.xml",
            RemotePort = registrar.Port,
            Service = "carol",
            AuthUsername = "carol",
            AuthPassword = "carol-pw",
            Keys = new Dictionary<string, string> { ["expires"] = "120" },
            Transport = "t1",
            Timeout = TimeSpan.FromSeconds(8),
        }, ct);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
        var contact = Assert.Single(await registrar.LookupAsync("carol", ct));
        Assert.Equal($"tcp:127.0.0.1:{registrar.Port}", contact.Socket);
        Assert.InRange(contact.Expires, 115, 120); // seconds left
    }

    [Fact]
    public async Task An_expired_nonce_gets_401_with_stale_true_and_the_fresh_nonce_is_accepted()
    {
        var ct = Bounded();
        await using var registrar = await KamailioRegistrar.StartAsync(Provider with { NonceExpires = 1 }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{registrar.Port}";
        var cseq = 0;
        async Task<SippMessage> Register(IReadOnlyDictionary<string, string>? challenge)
        {
            var auth = challenge is null ? null : "Authorization: " + Digest.Authorization(challenge, "carol", "carol-pw", "REGISTER", uri);
            await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "carol", "provider-c.test", ++cseq, 600, auth), registrar.Port);
            return await client.ReceiveAsync(Receive);
        }

        var challenge = Digest.ParseChallenge((await Register(null)).Header("WWW-Authenticate")!);
        Assert.Equal(200, (await Register(challenge)).StatusCode);
        // Re-register with the same nonce until the registrar calls it stale (nonce_expire is 1 s); bounded by the token.
        SippMessage answer;
        while ((answer = await Register(challenge)).StatusCode == 200)
            await Task.Delay(200, ct);

        Assert.Equal(401, answer.StatusCode);
        var fresh = Digest.ParseChallenge(answer.Header("WWW-Authenticate")!);
        Assert.Equal("true", fresh.GetValueOrDefault("stale"));
        Assert.NotEqual(challenge["nonce"], fresh["nonce"]);
        Assert.Equal(200, (await Register(fresh)).StatusCode);
        Assert.Contains(await registrar.AuthAttemptsAsync(ct), a => a.Result == AuthResult.StaleNonce && a.Username == "carol");
    }

    [Fact]
    public async Task Credentials_of_an_unknown_user_are_challenged_again_and_recorded_as_unknown()
    {
        var ct = Bounded();
        await using var registrar = await KamailioRegistrar.StartAsync(Provider, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{registrar.Port}";

        await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "mallory", "provider-c.test", 1, 600), registrar.Port);
        var challenge = Digest.ParseChallenge((await client.ReceiveAsync(Receive)).Header("WWW-Authenticate")!);
        var auth = "Authorization: " + Digest.Authorization(challenge, "mallory", "guess", "REGISTER", uri);
        await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "mallory", "provider-c.test", 2, 600, auth), registrar.Port);
        Assert.Equal(401, (await client.ReceiveAsync(Receive)).StatusCode);

        var attempt = Assert.Single(await registrar.AuthAttemptsAsync(ct));
        Assert.Equal(("mallory", AuthResult.UnknownUser), (attempt.Username, attempt.Result));

        // Accounts can be added at runtime.
        await registrar.SetUserAsync("mallory", "guess", ct);
        var retry = "Authorization: " + Digest.Authorization(challenge, "mallory", "guess", "REGISTER", uri);
        await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "mallory", "provider-c.test", 3, 600, retry), registrar.Port);
        Assert.Equal(200, (await client.ReceiveAsync(Receive)).StatusCode);
    }

    [Fact]
    public async Task A_dropping_registrar_answers_nothing_but_records_the_register()
    {
        var ct = Bounded();
        await using var registrar = await KamailioRegistrar.StartAsync(Provider with { DropAll = true }, ct);
        using var client = new UdpSipClient();

        await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "carol", "provider-c.test", 1, 600), registrar.Port);
        // Proving silence takes a wait; the registrar's record of the REGISTER below shows it did arrive.
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReceiveAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(0, Assert.Single(await registrar.RegistersAsync(ct)).Status);

        await registrar.SetDropAllAsync(false, ct);
        await client.SendAsync(HandWritten.Register(client.LocalPort, registrar.Port, "carol", "provider-c.test", 2, 600), registrar.Port);
        Assert.Equal(401, (await client.ReceiveAsync(Receive)).StatusCode);
    }

    [Fact]
    public async Task Dispose_leaves_no_kamailio_process_behind()
    {
        var ct = Bounded();
        var registrar = await KamailioRegistrar.StartAsync(Provider, ct);
        var group = registrar.MainPid;
        var directory = registrar.Directory;
        // kamailio -DD still forks its UDP/TCP workers, timers and ctl handler into the same process group.
        Assert.True(ProcessesInGroup(group).Count > 1, "kamailio should have forked workers");

        await registrar.DisposeAsync();

        Assert.Empty(ProcessesInGroup(group));
        if (Environment.GetEnvironmentVariable("ACTORSIP_KEEP_PEERS") != "1") Assert.False(Directory.Exists(directory));
    }

    /// <summary>pids of live processes whose process group is <paramref name="pgid"/> (field 5 of /proc/PID/stat).</summary>
    private static List<int> ProcessesInGroup(int pgid)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; } // the process ended while we looked
            // "pid (comm) state ppid pgrp ..."; comm may contain spaces, so count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // A zombie has not been reaped yet but runs nothing; it does not count as left behind.
            if (fields[0] != "Z" && int.Parse(fields[2]) == pgid) pids.Add(pid);
        }
        return pids;
    }
}
