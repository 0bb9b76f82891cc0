using System.Text.Json;
using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Challenges on INVITE: a call through the trunk to a sipp UAS that answers 407 is retried once with the
/// Proxy-Authorization of the dial-peer's credential for the challenged realm, and its From host is the
/// `voice-class sip localhost ... preferred` domain.
/// </summary>
public sealed class OutboundCallTests
{
    [Fact]
    public async Task Invite_challenged_with_407_is_retried_with_the_dial_peers_credential_and_the_preferred_from_host()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        await using var sipp = await Sipp.StartAsync(new SippOptions
        {
            Scenario = "uas-invite-407.xml", Keys = new Dictionary<string, string> { ["realm"] = "invite.test" }, Timeout = TimeSpan.FromSeconds(30),
        }, ct);
        var work = Directory.CreateTempSubdirectory("actorsip-call-");
        try
        {
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunks, """
                dial-peer voice 10 pots
                 destination-pattern 4001
                 authentication username dp-4001 password Call-Secret-4001 realm invite.test
                 authentication username dp-4001-other password Other-Secret realm other.test
                 voice-class sip localhost dns:trunk.example.com preferred
                !
                sip-ua
                 authentication username ua-user password Ua-Secret realm invite.test
                 localhost dns:ua.example.com preferred
                !
                """, ct);
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--trunks", trunks, "--sip", "127.0.0.1:0",
                 "--management", "127.0.0.1:0", "--demo-registrar", "off"], ct);

            using var result = JsonDocument.Parse(await node.PostAsync($"api/test-call?from=4001&to=5551234&target=ipv4:127.0.0.1:{sipp.Port}", ct));
            var r = result.RootElement;
            Assert.True(r.GetProperty("error").ValueKind == JsonValueKind.Null, r.ToString());
            Assert.Equal(407, r.GetProperty("firstStatus").GetInt32());
            Assert.Equal(200, r.GetProperty("finalStatus").GetInt32());
            Assert.Equal("dp-4001", r.GetProperty("username").GetString()); // step 1: the dial-peer's entry for the realm
            Assert.Equal("trunk.example.com", r.GetProperty("fromHost").GetString()); // dial-peer localhost overrides sip-ua

            Assert.True(await sipp.WaitForExitAsync(ct) == 0, sipp.Describe());
            var invites = sipp.Received().Where(m => m.Method == "INVITE").ToList();
            Assert.Equal(2, invites.Count);
            Assert.DoesNotContain("Proxy-Authorization", invites[0].Text);
            Assert.Contains("Proxy-Authorization: Digest username=\"dp-4001\", realm=\"invite.test\"", invites[1].Text);
            Assert.Contains("From: <sip:4001@trunk.example.com>", invites[1].Text);
            Assert.Contains(sipp.Received(), m => m.Method == "ACK");
            Assert.DoesNotContain("Call-Secret-4001", node.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
