using System.Text;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The management palettes against a real node and a Kamailio registrar: `show sip-ua register status --json` agrees
/// with Kamailio's location table; `config apply` changes a password (re-registered with the new one) and removes an
/// endpoint; after a restart `audit replay` shows the change with its time and node, `--as-of` before it shows the old
/// state; and no password appears in any output.
/// </summary>
public sealed class LiveConfigAuditTests(ITestOutputHelper log)
{
    private const string Realm = "live.test";
    private const string OldPassword = "Old-Pw-1001-Grep-Me";
    private const string NewPassword = "New-Pw-1001-Grep-Me";
    private const string Password1002 = "Pw-1002-Grep-Me";

    [Fact]
    public async Task Config_apply_is_live_audited_and_status_matches_the_registrar()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-live-");
        var outputs = new StringBuilder();
        try
        {
            await using var registrar = await KamailioRegistrar.StartAsync(new KamailioOptions
            {
                Realm = Realm, Users = new Dictionary<string, string> { ["u1001"] = OldPassword, ["u1002"] = Password1002 },
            }, ct);
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunks, $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{registrar.Port} expires 300
                 credentials number 1001 username u1001 password {OldPassword} realm {Realm}
                 credentials number 1002 username u1002 password {Password1002} realm {Realm}
                """, ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 1s\n", ct);
            string[] Args(bool withTrunks) =>
            [
                "--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off",
                "--hocon", hocon, .. withTrunks ? new[] { "--trunks", trunks } : [],
            ];

            var node = await NodeProcess.StartAsync(Args(true), ct);
            string at = "";
            var before = DateTimeOffset.MinValue;
            async Task<string> Cli(params string[] args)
            {
                var (code, text) = await CliProcess.RunAsync(ct, [at, .. args]);
                outputs.AppendLine(text);
                Assert.True(code == 0, $"actorsip {string.Join(' ', args)}: {text}");
                return text;
            }
            try
            {
                at = $"127.0.0.1:{node.Management!.Port}";
                await Eventually.Until(() => registrar.RegisteredUsersAsync(ct), n => n == 2, TimeSpan.FromSeconds(30), "both endpoints registered");

                // What `show sip-ua register status --json` says is what Kamailio holds: same AORs, same Call-IDs.
                var status = await Eventually.Until(() => Cli("show", "sip-ua", "register", "status", "--json"),
                    s => JsonDocument.Parse(s).RootElement.EnumerateArray().Count(b => b.GetProperty("state").GetString() == "Registered") == 2,
                    TimeSpan.FromSeconds(15), "both bindings Registered");
                foreach (var b in JsonDocument.Parse(status).RootElement.EnumerateArray())
                {
                    var contacts = await registrar.LookupAsync(b.GetProperty("endpoint").GetString()!, ct);
                    var contact = Assert.Single(contacts);
                    Assert.Equal(b.GetProperty("callId").GetString(), contact.CallId);
                    var left = (b.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalSeconds;
                    Assert.InRange(contact.Expires, left - 5, left + 5);
                }

                before = DateTimeOffset.UtcNow;
                await Task.Delay(1100, ct); // the change must fall strictly after `before`
                // From now on only the new password authenticates u1001 at the registrar.
                var okBefore = (await registrar.AuthAttemptsAsync(ct)).Count(x => x.Username == "u1001" && x.Result == AuthResult.Ok);
                await registrar.SetUserAsync("u1001", NewPassword, ct);
                var change = Path.Combine(work.FullName, "change.cfg");
                await File.WriteAllTextAsync(change, $"""
                    sip-ua
                     no credentials number 1001 username u1001 password {OldPassword} realm {Realm}
                     credentials number 1001 username u1001 password {NewPassword} realm {Realm}
                     no credentials number 1002 username u1002 password {Password1002} realm {Realm}
                    """, ct);
                var applied = await Cli("config", "apply", change);
                Assert.Contains("Count: 3 of 3 lines changed the configuration", applied);
                var now = await Cli("sip-ua", "register", "now", "1001");
                Assert.Contains("1001@1", now);
                // 1001 registers again with the new password; 1002 left the configuration and was un-REGISTERed.
                await Eventually.Until(() => registrar.AuthAttemptsAsync(ct), a => a.Count(x => x.Username == "u1001" && x.Result == AuthResult.Ok) > okBefore,
                    TimeSpan.FromSeconds(20), "u1001 authenticated with the new password");
                await Eventually.Until(() => registrar.LookupAsync("1002", ct), c => c.Count == 0, TimeSpan.FromSeconds(20), "1002 unregistered");
                // IOS's `sip-ua unregister`: Expires 0 at the registrar, the binding stays down until `register now`.
                Assert.Contains("1001@1", await Cli("sip-ua", "unregister", "1001"));
                await Eventually.Until(() => registrar.LookupAsync("1001", ct), c => c.Count == 0, TimeSpan.FromSeconds(20), "1001 unregistered by the operator");
                Assert.Matches(@"1001\s+\S+\s+Stopped", await Cli("show", "sip-ua", "register", "status"));
                await Cli("sip-ua", "register", "now", "all");
                await Eventually.Until(() => registrar.LookupAsync("1001", ct), c => c.Count == 1, TimeSpan.FromSeconds(20), "1001 registered again");
                Assert.DoesNotContain("u1002", await Cli("show", "sip-ua", "credentials"));
                Assert.Contains("Count: 1 credentials", await Cli("show", "sip-ua", "credentials"));
                Assert.DoesNotContain("1002", await Cli("show", "running-config"));
            }
            finally
            {
                Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
                outputs.AppendLine(node.Output);
            }

            // After a restart (no --trunks: the journal has it), the audit trail shows the change, and the past.
            await using var again = await NodeProcess.StartAsync(Args(false), ct);
            at = $"127.0.0.1:{again.Management!.Port}";
            var history = await Cli("audit", "replay", "--entity", "trunk-config");
            log.WriteLine(history);
            var changeLine = Assert.Single(history.Split('\n'), l => l.Contains("by config apply", StringComparison.Ordinal));
            Assert.Contains($"password changed: credentials number 1001 username u1001 password 0 ***** realm {Realm}", changeLine);
            Assert.Contains($"- credentials number 1002 username u1002 password 0 ***** realm {Realm}", changeLine);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| akka\.tcp://actorsip@127\.0\.0\.1:\d+ \| trunk-config \| ConfigChanged \|", changeLine);

            var past = await Cli("audit", "replay", "--as-of", before.ToString("O"));
            log.WriteLine(past);
            Assert.Contains("credentials number 1002 username u1002", past);
            Assert.Matches(@"1002@1\s+Registered", past);
            var present = await Cli("audit", "replay", "--as-of", DateTimeOffset.UtcNow.ToString("O"));
            Assert.DoesNotContain("credentials number 1002", present);
            Assert.Matches(@"1002@1\s+(Unregistered|Stopped|Idle)", present);
            // The streaming commands: member events (the current members first), and new journal events as written.
            var members = await Cli("cluster", "tail", "--count", "1");
            Assert.Matches(@"MemberUp\s+akka\.tcp://actorsip@127\.0\.0\.1:\d+ Up", members);
            var tail = CliProcess.RunAsync(ct, at, "audit", "tail", "--count", "1");
            await Task.Delay(1500, ct); // the tail is listening
            await Cli("sip-ua", "register", "now", "1001");
            var (tailCode, tailed) = await tail.WaitAsync(TimeSpan.FromSeconds(30), ct);
            outputs.AppendLine(tailed);
            Assert.True(tailCode == 0, tailed);
            Assert.Matches(@"\| binding-1001@1 \| (CSeqReserved|Registered) \|", tailed);

            var all = await Cli("audit", "replay");
            Assert.Contains("| binding-1002@1 | Unregistered |", all);
            // The change wrote the one credential slice it touched (and cleared 1002's after its un-REGISTER).
            var since = await Cli("audit", "replay", "--since", before.ToString("O"));
            Assert.Single(since.Split('\n'), l => l.Contains("| CredentialsSet |", StringComparison.Ordinal) && l.Contains($"| credential-1001/{Realm} |", StringComparison.Ordinal));
            Assert.DoesNotContain(since.Split('\n'), l => l.Contains("| CredentialsSet |", StringComparison.Ordinal) && !l.Contains("credential-1001/", StringComparison.Ordinal));
            outputs.AppendLine(again.Output);

            var everything = outputs.ToString();
            foreach (var secret in new[] { OldPassword, NewPassword, Password1002 })
                Assert.DoesNotContain(secret, everything);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
