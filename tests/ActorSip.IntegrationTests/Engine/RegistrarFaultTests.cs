using System.Diagnostics;
using System.Text;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Registrars that fail in every way a provider's can, at once, against one real actorsip-node: 503 without and with
/// Retry-After, 500, silence (timeout), one that flaps between 503 and OK, and one that answers 403 to one account and
/// rejects the other's password. Each is a real Kamailio with its own realm. Over a measured window the node must back
/// off as RFC 5626 §4.5 says (REGISTERs per binding below the bound the backoff rules allow, no tight loop), never send
/// a credential to another realm's registrar, and show each state in <c>actorsip show sip-ua register status</c>.
/// (The 423, stale-nonce, wrong-password and two-challenge cases are scripted with sipp in ScenarioRegistrationTests.)
/// </summary>
public sealed class RegistrarFaultTests(ITestOutputHelper output)
{
    // Backoff scaled down so a 30 s window shows several retries: waits are >= 0.5 * min(max, base * 2^failures).
    private const double BackoffBase = 2, BackoffMax = 16;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private const int RetryAfter = 20;
    private static readonly string[] Endpoints = ["3001", "3002"];

    private sealed record Registrar(string Name, KamailioRegistrar Peer);

    [Fact]
    public async Task Failing_registrars_get_backoff_not_a_loop_and_only_their_own_realms_credentials()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-faults-");
        var names = new[] { "unavailable", "retry-after", "error500", "silent", "flapping", "refusing" };
        var peers = new List<KamailioRegistrar>();
        try
        {
            var starts = names.Select(n => KamailioRegistrar.StartAsync(new KamailioOptions
            {
                Realm = $"{n}.test",
                Users = Endpoints.ToDictionary(e => $"{n}-{e}", e => $"pw-{n}-{e}"),
            }, ct)).ToList();
            foreach (var s in starts) peers.Add(await s);
            var r = names.Zip(peers).ToDictionary(x => x.First, x => x.Second);
            await r["unavailable"].SetFailingAsync(-1, 503, 0, ct);
            await r["retry-after"].SetFailingAsync(-1, 503, RetryAfter, ct);
            await r["error500"].SetFailingAsync(-1, 500, 0, ct);
            await r["silent"].SetDropAllAsync(true, ct);
            await r["refusing"].SetForbiddenAsync("refusing-3001", true, ct);

            var trunks = new StringBuilder("sip-ua\n");
            for (var i = 0; i < names.Length; i++) trunks.Append($" registrar {i + 1} ipv4:127.0.0.1:{peers[i].Port} expires 300\n");
            foreach (var n in names)
                foreach (var e in Endpoints)
                {
                    // refusing-3002's password is wrong on purpose: rejected credentials.
                    var password = n == "refusing" && e == "3002" ? "not-the-password" : $"pw-{n}-{e}";
                    trunks.Append($" credentials number {e} username {n}-{e} password {password} realm {n}.test\n");
                }
            var trunksFile = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunksFile, trunks.ToString(), ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, $"""
                actorsip.registration.startup-spread = 1s
                actorsip.registration.backoff-base = {BackoffBase}s
                actorsip.registration.backoff-max = {BackoffMax}s
                """, ct);

            await using var node = await NodeProcess.StartAsync(
            [
                "--data", Path.Combine(work.FullName, "data"), "--trunks", trunksFile, "--sip", "127.0.0.1:0",
                "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon,
            ], ct);
            var clock = Stopwatch.StartNew();

            // The flapping registrar alternates 503 and OK every 3 s for the whole window.
            var flapping = r["flapping"];
            var failing = true;
            while (clock.Elapsed < Window)
            {
                await flapping.SetFailingAsync(failing ? -1 : 0, 503, 0, ct);
                failing = !failing;
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
            }
            await flapping.SetFailingAsync(0, 503, 0, ct);
            var window = clock.Elapsed;

            var report = new StringBuilder($"window {window.TotalSeconds:F0} s, backoff base {BackoffBase} s max {BackoffMax} s\n");
            var perBinding = new Dictionary<string, List<RegisterRecord>>();
            foreach (var n in names)
            {
                var records = await r[n].RegistersAsync(ct);
                foreach (var g in records.GroupBy(x => x.CallId))
                {
                    perBinding[$"{n}/{g.Key}"] = [.. g];
                    report.Append($"{n,-12} call-id {g.Key[..Math.Min(12, g.Key.Length)]}: {g.Count()} REGISTERs ({g.Select(x => x.CSeq).Distinct().Count()} transactions) " +
                                  $"= {g.Count() / window.TotalMinutes:F1}/min; statuses {string.Join(",", g.Select(x => x.Status))}\n");
                }
            }
            output.WriteLine(report.ToString());

            // Bounds from the backoff rules: attempts that fit in the window if every wait were the shortest allowed.
            var backoffAttempts = MaxAttempts(window, retryAfter: 0);
            var retryAfterAttempts = MaxAttempts(window, RetryAfter);
            output.WriteLine($"bound: {backoffAttempts} attempts per binding with backoff only, {retryAfterAttempts} with Retry-After {RetryAfter}");
            foreach (var n in names) Assert.True(perBindingOf(n).Count == Endpoints.Length, $"{n}: {perBindingOf(n).Count} bindings seen\n{report}");
            foreach (var n in new[] { "unavailable", "error500" })
                Assert.All(perBindingOf(n), g => Assert.InRange(g.Count, 2, backoffAttempts)); // retried, but backing off
            Assert.All(perBindingOf("retry-after"), g => Assert.InRange(g.Count, 1, retryAfterAttempts));
            // Silence: each transaction retransmits at most 11 times (T1 doubling to T2 within Timer B, RFC 3261 §17.1.2.2).
            Assert.All(perBindingOf("silent"), g =>
            {
                var transactions = g.Select(x => x.CSeq).Distinct().Count();
                Assert.InRange(transactions, 1, 2);
                Assert.InRange(g.Count, 1, 11 * transactions);
            });
            // Flapping: each attempt is at most a challenge plus the answer to it.
            Assert.All(perBindingOf("flapping"), g => Assert.InRange(g.Count, 1, 2 * backoffAttempts));
            // 403 and rejected credentials: one challenge, one answer, then nothing for the 30 minutes of rejected-retry.
            Assert.All(perBindingOf("refusing"), g => Assert.Equal(2, g.Count));

            // Credentials: each registrar saw only usernames of its own realm, and never a header naming another realm.
            foreach (var n in names)
            {
                var attempts = await r[n].AuthAttemptsAsync(ct);
                Assert.All(attempts, a => Assert.True(a.Realm == $"{n}.test" && a.Username.StartsWith($"{n}-", StringComparison.Ordinal) && a.Result != AuthResult.ForeignRealm, $"{n}: {a}"));
            }
            Assert.NotEmpty(await r["flapping"].AuthAttemptsAsync(ct));
            Assert.Contains(await r["refusing"].AuthAttemptsAsync(ct), a => a.Username == "refusing-3002" && a.Result != AuthResult.Ok);

            // The flapping registrar's bindings end registered once it stays up.
            await Eventually.Until(async () => (await Task.WhenAll(Endpoints.Select(e => flapping.LookupAsync(e, ct)))).Count(c => c.Count > 0),
                n => n == Endpoints.Length, TimeSpan.FromSeconds(2 * BackoffMax + 5), "flapping registrar's bindings registered", () => node.Output);

            // What an operator sees.
            var (code, status) = await CliProcess.RunAsync(ct, "show", "sip-ua", "register", "status", "--node", $"127.0.0.1:{node.Management!.Port}");
            output.WriteLine(status);
            Assert.True(code == 0, status);
            var lines = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string Line(string name, string endpoint) =>
                Assert.Single(lines, l => l.StartsWith(endpoint, StringComparison.Ordinal) && l.Contains($"127.0.0.1:{r[name].Port}", StringComparison.Ordinal));
            foreach (var e in Endpoints)
            {
                Assert.Matches("Backoff.*503", Line("unavailable", e));
                Assert.Matches("Backoff.*503", Line("retry-after", e));
                Assert.Matches("Backoff.*500", Line("error500", e));
                Assert.Matches("(Backoff|Registering).*(timeout|-)", Line("silent", e));
                Assert.Contains("Registered", Line("flapping", e));
            }
            Assert.Matches("Rejected.*403", Line("refusing", "3001"));
            Assert.Matches("Rejected.*401", Line("refusing", "3002"));
            Assert.Equal($"Count: {names.Length * Endpoints.Length} bindings", lines[^1].Trim());

            // No password in anything the node printed.
            foreach (var n in names)
                foreach (var e in Endpoints)
                    Assert.DoesNotContain($"pw-{n}-{e}", node.Output + status);

            List<List<RegisterRecord>> perBindingOf(string n) => perBinding.Where(kv => kv.Key.StartsWith(n + "/", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        }
        finally
        {
            foreach (var p in peers) await p.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>Most attempts in <paramref name="window"/> when every wait is the shortest RFC 5626 §4.5 allows
    /// (half of min(max, base · 2^failures)), or Retry-After when that is longer; plus one for the startup spread.</summary>
    private static int MaxAttempts(TimeSpan window, int retryAfter)
    {
        var t = 0.0;
        var attempts = 1;
        for (var failures = 1; ; failures++)
        {
            t += Math.Max(retryAfter, 0.5 * Math.Min(BackoffMax, BackoffBase * Math.Pow(2, failures)));
            if (t > window.TotalSeconds) return attempts + 1;
            attempts++;
        }
    }
}
