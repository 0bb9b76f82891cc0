using System.Text.Json;
using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Registrar behaviours Kamailio cannot easily produce, scripted with sipp as the registrar and a real
/// actorsip-node as the client: 423 Interval Too Brief, 503 with Retry-After, a stale nonce, a wrong password
/// (no loop), and two challenges in one response (the strongest is answered).
/// </summary>
public sealed class ScenarioRegistrationTests
{
    private const string User = "scenario-user";
    private const string Password = "Scenario-Pass-9";

    private static async Task<(Sipp Sipp, NodeProcess Node, DirectoryInfo Work)> StartAsync(string scenario, string realm, int expires, CancellationToken ct)
    {
        var sipp = await Sipp.StartAsync(new SippOptions
        {
            Scenario = scenario,
            Keys = new Dictionary<string, string> { ["realm"] = realm, ["user"] = User, ["password"] = Password },
            Timeout = TimeSpan.FromSeconds(40),
        }, ct);
        var work = Directory.CreateTempSubdirectory("actorsip-scenario-");
        var trunks = Path.Combine(work.FullName, "trunks.cfg");
        await File.WriteAllTextAsync(trunks, $"""
            sip-ua
             registrar 1 ipv4:127.0.0.1:{sipp.Port} expires {expires}
             credentials number 3001 username {User} password {Password} realm {realm}
            !
            """, ct);
        var hocon = Path.Combine(work.FullName, "test.conf");
        // A short backoff base so Retry-After, not the RFC 5626 wait, decides the 503 retry in test time.
        await File.WriteAllTextAsync(hocon, "actorsip.registration { startup-spread = 0s, backoff-base = 1s }\n", ct);
        var node = await NodeProcess.StartAsync(
            ["--data", Path.Combine(work.FullName, "data"), "--trunks", trunks, "--sip", "127.0.0.1:0",
             "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon], ct);
        return (sipp, node, work);
    }

    private static async Task<string> StateOf(NodeProcess node, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
        return doc.RootElement.EnumerateArray().Select(b => b.GetProperty("state").GetString()!).SingleOrDefault() ?? "none";
    }

    private static async Task Finish(Sipp sipp, NodeProcess node, DirectoryInfo work)
    {
        await node.DisposeAsync();
        await sipp.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Interval_too_brief_is_retried_with_min_expires()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sipp, node, work) = await StartAsync("uas-423.xml", "brief.test", 600, cts.Token);
        try
        {
            Assert.True(await sipp.WaitForExitAsync(cts.Token) == 0, sipp.Describe());
            await Eventually.Until(() => StateOf(node, cts.Token), s => s == "Registered", TimeSpan.FromSeconds(10), "registered", () => node.Output);
            var registers = sipp.Received().Where(m => m.Method == "REGISTER").ToList();
            Assert.Equal(2, registers.Count);
            Assert.Contains("Expires: 3600", registers[1].Text);
        }
        finally
        {
            await Finish(sipp, node, work);
        }
    }

    [Fact]
    public async Task Service_unavailable_waits_for_retry_after()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sipp, node, work) = await StartAsync("uas-503-retry-after.xml", "busy.test", 600, cts.Token);
        try
        {
            Assert.True(await sipp.WaitForExitAsync(cts.Token) == 0, sipp.Describe());
            var registers = sipp.Received().Where(m => m.Method == "REGISTER").ToList();
            Assert.Equal(2, registers.Count);
            var gap = registers[1].Timestamp - registers[0].Timestamp;
            Assert.True(gap >= TimeSpan.FromSeconds(4.9), $"retried after {gap.TotalSeconds:F1} s, Retry-After was 5 s");
            await Eventually.Until(() => StateOf(node, cts.Token), s => s == "Registered", TimeSpan.FromSeconds(10), "registered", () => node.Output);
        }
        finally
        {
            await Finish(sipp, node, work);
        }
    }

    [Fact]
    public async Task Stale_nonce_is_answered_again_with_the_new_nonce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sipp, node, work) = await StartAsync("uas-stale-nonce.xml", "stale.test", 600, cts.Token);
        try
        {
            Assert.True(await sipp.WaitForExitAsync(cts.Token) == 0, sipp.Describe()); // sipp verified both digests
            await Eventually.Until(() => StateOf(node, cts.Token), s => s == "Registered", TimeSpan.FromSeconds(10), "registered", () => node.Output);
        }
        finally
        {
            await Finish(sipp, node, work);
        }
    }

    [Fact]
    public async Task Wrong_password_stops_after_the_second_challenge()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sipp, node, work) = await StartAsync("uas-wrong-password.xml", "wrong.test", 600, cts.Token);
        try
        {
            // sipp exits 0 only if no third REGISTER arrived within 2 s of the second challenge.
            Assert.True(await sipp.WaitForExitAsync(cts.Token) == 0, sipp.Describe());
            Assert.Equal(2, sipp.Received().Count(m => m.Method == "REGISTER"));
            await Eventually.Until(() => StateOf(node, cts.Token), s => s == "Rejected", TimeSpan.FromSeconds(10), "rejected", () => node.Output);
            Assert.DoesNotContain(Password, node.Output);
        }
        finally
        {
            await Finish(sipp, node, work);
        }
    }

    [Fact]
    public async Task Two_challenges_in_one_response_are_answered_with_the_strongest()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sipp, node, work) = await StartAsync("uas-two-challenges.xml", "two.test", 600, cts.Token);
        try
        {
            Assert.True(await sipp.WaitForExitAsync(cts.Token) == 0, sipp.Describe());
            var answer = sipp.Received().Where(m => m.Method == "REGISTER").Last();
            Assert.Contains("algorithm=SHA-256", answer.Text);
            await Eventually.Until(() => StateOf(node, cts.Token), s => s == "Registered", TimeSpan.FromSeconds(10), "registered", () => node.Output);
        }
        finally
        {
            await Finish(sipp, node, work);
        }
    }
}
