using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Who changed what: each configuration event names its operator. With named tokens (--management-tokens), a
/// request's token names it and a header cannot pretend otherwise; on loopback without tokens, the CLI's OS user
/// does; a configuration given at start is the change of the node's own OS user.
/// </summary>
public sealed class OperatorAuditTests
{
    private const string AliceToken = "alice-token-0123456789";
    private const string BobToken = "bob-token-abcdefghijkl";

    [Fact]
    public async Task Audit_replay_shows_the_operator_of_each_change_named_token_and_os_user()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-operator-");
        try
        {
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunks, $"sip-ua\n registrar 1 ipv4:127.0.0.1:{FreePort.Pick()} expires 600\n credentials number 1001 username u1 password p1 realm o.test\n", ct);
            var tokens = Path.Combine(work.FullName, "tokens");
            await File.WriteAllTextAsync(tokens, $"# operators\nalice {AliceToken}\nbob {BobToken}\n", ct);
            var change = Path.Combine(work.FullName, "change.txt");
            var data = Path.Combine(work.FullName, "data");
            string[] Args(params string[] more) =>
                ["--data", data, "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off", .. more];

            await using (var node = await NodeProcess.StartAsync(Args("--trunks", trunks, "--management-tokens", tokens), ct))
            {
                var at = $"127.0.0.1:{node.Management!.Port}";
                await File.WriteAllTextAsync(change, "sip-ua\n credentials number 1002 username u2 password p2 realm o.test\n", ct);
                var (code, text) = await CliProcess.RunAsync(ct, at, "config", "apply", change, "--token", AliceToken);
                Assert.True(code == 0, text);
                // A token of nobody's is refused; a header naming someone else does not override the token.
                var (refused, _) = await CliProcess.RunAsync(ct, at, "config", "apply", change, "--token", "nobody-0123456789abc");
                Assert.NotEqual(0, refused);
                using var http = new HttpClient { BaseAddress = node.Management };
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/config/apply?source=curl")
                {
                    Content = new StringContent("sip-ua\n credentials number 1003 username u3 password p3 realm o.test\n"),
                };
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BobToken);
                request.Headers.Add("X-ActorSip-User", "alice");
                using var response = await http.SendAsync(request, ct);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
            }
            await using (var node = await NodeProcess.StartAsync(Args(), ct))
            {
                var at = $"127.0.0.1:{node.Management!.Port}";
                await File.WriteAllTextAsync(change, "sip-ua\n credentials number 1004 username u4 password p4 realm o.test\n", ct);
                var (code, text) = await CliProcess.RunAsync(ct, at, "config", "apply", change);
                Assert.True(code == 0, text);
                var (_, history) = await CliProcess.RunAsync(ct, at, "audit", "replay", "--entity", "trunk-config");
                var changes = history.Split('\n').Where(l => l.Contains("| ConfigChanged |", StringComparison.Ordinal)).ToList();
                Assert.Equal(4, changes.Count);
                Assert.Contains($"by {trunks} as user:{Environment.UserName}:", changes[0]);
                Assert.Contains($"by config apply {change} as token:alice: + credentials number 1002", changes[1]);
                Assert.Contains("by config apply curl as token:bob: + credentials number 1003", changes[2]);
                Assert.Contains($"by config apply {change} as user:{Environment.UserName}: + credentials number 1004", changes[3]);
                Assert.DoesNotContain(AliceToken, history);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
