using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests;

/// <summary>
/// Drives each UAS scenario under Scenarios/ with hand-written SIP, the way a correct client would, so the
/// registration-engine tests can trust that a failing run is the engine's fault and not the scenario's.
/// </summary>
public sealed class ScenarioSelfTests
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(3);

    private static CancellationToken Bounded(int seconds = 20) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static Dictionary<string, string> Keys(string realm, string? user = null, string? password = null)
    {
        var keys = new Dictionary<string, string> { ["realm"] = realm };
        if (user is not null) keys["user"] = user;
        if (password is not null) keys["password"] = password;
        return keys;
    }

    [Fact]
    public async Task Uas_503_retry_after_answers_503_with_retry_after_then_200()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-503-retry-after.xml" }, ct);
        using var client = new UdpSipClient();

        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "dave", "uas.test", 1, 600), sipp.Port);
        var busy = await client.ReceiveAsync(Receive);
        Assert.Equal(503, busy.StatusCode);
        Assert.Equal("5", busy.Header("Retry-After"));
        // Retrying at once is wrong for a real client, but the scenario leaves the timing to the test (message timestamps).
        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "dave", "uas.test", 2, 600), sipp.Port);
        Assert.Equal(200, (await client.ReceiveAsync(Receive)).StatusCode);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
        var registers = sipp.Received();
        Assert.Equal(2, registers.Count);
        Assert.True(registers[1].Timestamp >= registers[0].Timestamp, "message timestamps are parsed and ordered");
    }

    [Fact]
    public async Task Uas_stale_nonce_verifies_both_digests_and_accepts_the_answer_to_the_stale_challenge()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-stale-nonce.xml", Keys = Keys("stale.test", "erin", "erin-pw") }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{sipp.Port}";
        async Task<SippMessage> Register(int cseq, string? authorization)
        {
            await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "erin", "stale.test", cseq, 600,
                authorization is null ? null : "Authorization: " + authorization), sipp.Port);
            return await client.ReceiveAsync(Receive);
        }

        var first = Digest.ParseChallenge((await Register(1, null)).Header("WWW-Authenticate")!);
        Assert.Equal("nonce-one", first["nonce"]);
        var staleAnswer = await Register(2, Digest.Authorization(first, "erin", "erin-pw", "REGISTER", uri));
        Assert.Equal(401, staleAnswer.StatusCode);
        var second = Digest.ParseChallenge(staleAnswer.Header("WWW-Authenticate")!);
        Assert.Equal(("nonce-two", "true"), (second["nonce"], second["stale"]));
        Assert.Equal(200, (await Register(3, Digest.Authorization(second, "erin", "erin-pw", "REGISTER", uri))).StatusCode);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
    }

    [Fact]
    public async Task Uas_stale_nonce_rejects_a_wrong_password_with_403_and_fails_the_call()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-stale-nonce.xml", Keys = Keys("stale.test", "erin", "erin-pw") }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{sipp.Port}";

        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "erin", "stale.test", 1, 600), sipp.Port);
        var challenge = Digest.ParseChallenge((await client.ReceiveAsync(Receive)).Header("WWW-Authenticate")!);
        var wrong = "Authorization: " + Digest.Authorization(challenge, "erin", "not-erins", "REGISTER", uri);
        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "erin", "stale.test", 2, 600, wrong), sipp.Port);

        // verifyauth really checks the digest: the wrong password is refused.
        Assert.Equal(403, (await client.ReceiveAsync(Receive)).StatusCode);
        Assert.True(await sipp.WaitForExitAsync(ct) == 1, sipp.Describe());
    }

    [Fact]
    public async Task Uas_two_challenges_offers_sha256_and_md5_and_accepts_an_answer_to_either()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-two-challenges.xml", Keys = Keys("two.test") }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{sipp.Port}";

        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "frank", "two.test", 1, 600), sipp.Port);
        var challenges = (await client.ReceiveAsync(Receive)).Headers("WWW-Authenticate").Select(Digest.ParseChallenge).ToList();
        Assert.Equal(["SHA-256", "MD5"], challenges.Select(c => c["algorithm"]));

        var sha = "Authorization: " + Digest.Authorization(challenges[0], "frank", "pw", "REGISTER", uri);
        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "frank", "two.test", 2, 600, sha), sipp.Port);
        Assert.Equal(200, (await client.ReceiveAsync(Receive)).StatusCode);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
        Assert.Contains("algorithm=SHA-256", sipp.Received()[1].Header("Authorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Uas_wrong_password_challenges_twice_and_fails_the_call_if_the_client_keeps_trying(bool clientKeepsTrying)
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-wrong-password.xml", Keys = Keys("wrong.test") }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:127.0.0.1:{sipp.Port}";

        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "gina", "wrong.test", 1, 600), sipp.Port);
        var first = Digest.ParseChallenge((await client.ReceiveAsync(Receive)).Header("WWW-Authenticate")!);
        var answer = "Authorization: " + Digest.Authorization(first, "gina", "whatever", "REGISTER", uri);
        await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "gina", "wrong.test", 2, 600, answer), sipp.Port);
        var second = await client.ReceiveAsync(Receive);
        Assert.Equal(401, second.StatusCode);
        var secondChallenge = Digest.ParseChallenge(second.Header("WWW-Authenticate")!);
        Assert.NotEqual(first["nonce"], secondChallenge["nonce"]);

        if (clientKeepsTrying)
        {
            var again = "Authorization: " + Digest.Authorization(secondChallenge, "gina", "whatever", "REGISTER", uri);
            await client.SendAsync(HandWritten.Register(client.LocalPort, sipp.Port, "gina", "wrong.test", 3, 600, again), sipp.Port);
        }

        Assert.True(await sipp.WaitForExitAsync(ct) == (clientKeepsTrying ? 1 : 0), sipp.Describe());
        Assert.Equal(clientKeepsTrying ? 3 : 2, sipp.Received().Count(m => m.Method == "REGISTER"));
    }

    [Fact]
    public async Task Uas_invite_407_challenges_the_invite_then_answers_the_authorized_retry_with_200_and_sdp()
    {
        var ct = Bounded();
        await using var sipp = await Sipp.StartAsync(new SippOptions { Scenario = "uas-invite-407.xml", Keys = Keys("invite.test") }, ct);
        using var client = new UdpSipClient();
        var uri = $"sip:bob@127.0.0.1:{sipp.Port}";
        var from = $"<sip:henry@127.0.0.1:{client.LocalPort}>";
        var to = $"<sip:bob@127.0.0.1:{sipp.Port}>";
        var callId = $"invite-{client.LocalPort}@127.0.0.1";
        var contact = $"Contact: <sip:henry@127.0.0.1:{client.LocalPort}>";
        const string sdp = "v=0\no=henry 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 40000 RTP/AVP 0\n";

        var branch = HandWritten.NewBranch();
        await client.SendAsync(HandWritten.Request("INVITE", uri, client.LocalPort, from, to, 1, callId, contact + "\nContent-Type: application/sdp", branch, sdp), sipp.Port);
        var challenged = await client.ReceiveAsync(Receive);
        Assert.Equal(407, challenged.StatusCode);
        var toWithTag = challenged.Header("To")!;
        // ACK for a non-2xx answer: same branch, the To tag of the answer.
        await client.SendAsync(HandWritten.Request("ACK", uri, client.LocalPort, from, toWithTag, 1, callId, branch: branch), sipp.Port);

        var proxyAuth = "Proxy-Authorization: " + Digest.Authorization(Digest.ParseChallenge(challenged.Header("Proxy-Authenticate")!), "henry", "pw", "INVITE", uri);
        await client.SendAsync(HandWritten.Request("INVITE", uri, client.LocalPort, from, to, 2, callId, contact + "\n" + proxyAuth + "\nContent-Type: application/sdp", body: sdp), sipp.Port);
        Assert.Equal(100, (await client.ReceiveAsync(Receive)).StatusCode);
        var ok = await client.ReceiveAsync(Receive);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("application/sdp", ok.Header("Content-Type"));
        var dialogTo = ok.Header("To")!;
        await client.SendAsync(HandWritten.Request("ACK", uri, client.LocalPort, from, dialogTo, 2, callId), sipp.Port);
        await client.SendAsync(HandWritten.Request("BYE", uri, client.LocalPort, from, dialogTo, 3, callId), sipp.Port);
        Assert.Equal(200, (await client.ReceiveAsync(Receive)).StatusCode);

        Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
        Assert.Equal(["INVITE", "ACK", "INVITE", "ACK", "BYE"], sipp.Received().Select(m => m.Method));
    }
}
