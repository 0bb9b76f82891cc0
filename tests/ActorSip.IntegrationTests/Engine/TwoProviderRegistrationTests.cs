using System.Text;
using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The product's main job against real registrars: two Kamailio instances on 127.0.0.1 stand for two providers with
/// different realms and passwords; a real actorsip-node process registers every endpoint with both, answering each
/// challenge with that realm's credentials only, and after kill -9 recovers everything from its journal.
/// </summary>
public sealed class TwoProviderRegistrationTests
{
    private static readonly string[] Endpoints = ["2001", "2002"];
    private static readonly Dictionary<string, string> UsersA = new() { ["a-2001"] = "Pa-2001-Grep-Me", ["a-2002"] = "Pa-2002-Grep-Me" };
    private static readonly Dictionary<string, string> UsersB = new() { ["b-2001"] = "Pb-2001-Grep-Me", ["b-2002"] = "Pb-2002-Grep-Me" };

    private static string Trunks(int portA, int portB) => $"""
        sip-ua
         registrar 1 ipv4:127.0.0.1:{portA} expires 120
         registrar 2 ipv4:127.0.0.1:{portB} expires 120
         credentials number 2001 username a-2001 password Pa-2001-Grep-Me realm provider-a.test
         credentials number 2001 username b-2001 password Pb-2001-Grep-Me realm provider-b.test
         credentials number 2002 username a-2002 password Pa-2002-Grep-Me realm provider-a.test
         credentials number 2002 username b-2002 password Pb-2002-Grep-Me realm provider-b.test
        !
        """;

    private static string[] NodeArgs(string data, string? trunks, string hocon) =>
    [
        "--data", data, "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon,
        .. trunks is null ? Array.Empty<string>() : ["--trunks", trunks],
    ];

    [Fact]
    public async Task Every_endpoint_registers_with_both_providers_with_its_own_realms_credentials_and_survives_kill_9()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-engine-");
        try
        {
            var startA = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "provider-a.test", Users = UsersA }, ct);
            var startB = KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "provider-b.test", Users = UsersB }, ct);
            await using var a = await startA;
            await using var b = await startB;
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunks, Trunks(a.Port, b.Port), ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, "actorsip.registration.startup-spread = 1s\n", ct);
            var data = Path.Combine(work.FullName, "data");

            string firstOutput;
            Dictionary<string, RegisteredContact> firstAtA;
            await using (var node = await NodeProcess.StartAsync(NodeArgs(data, trunks, hocon), ct))
            {
                firstAtA = await AllRegistered(a, node, ct);
                await AllRegistered(b, node, ct);

                // Each provider saw only its own realm's usernames, and every one of them was right.
                var attemptsA = await a.AuthAttemptsAsync(ct);
                var attemptsB = await b.AuthAttemptsAsync(ct);
                Assert.All(attemptsA, x => Assert.True(x.Realm == "provider-a.test" && UsersA.ContainsKey(x.Username) && x.Result == AuthResult.Ok, x.ToString()));
                Assert.All(attemptsB, x => Assert.True(x.Realm == "provider-b.test" && UsersB.ContainsKey(x.Username) && x.Result == AuthResult.Ok, x.ToString()));
                Assert.NotEmpty(attemptsA);
                Assert.NotEmpty(attemptsB);

                // Each registrar entity knows its target and counts the registrations it granted.
                using (var registrars = System.Text.Json.JsonDocument.Parse(await node.GetAsync("api/registrars", ct)))
                {
                    var list = registrars.RootElement.EnumerateArray().ToList();
                    Assert.Equal([$"ipv4:127.0.0.1:{a.Port}", $"ipv4:127.0.0.1:{b.Port}"], list.Select(r => r.GetProperty("target").GetString()));
                    Assert.All(list, r => Assert.True(r.GetProperty("successes").GetInt64() >= Endpoints.Length, r.ToString()));
                }

                // kill -9: no un-REGISTER, no goodbye.
                await node.KillAsync();
                firstOutput = node.Output;
            }
            var countBefore = (await a.RegistersAsync(ct)).Count;

            // Restarted with only --data: the configuration and every binding come back from the journal.
            await using (var restarted = await NodeProcess.StartAsync(NodeArgs(data, null, hocon), ct))
            {
                var after = await Eventually.Until(() => a.RegistersAsync(ct), r => r.Count >= countBefore + 2 * Endpoints.Length && r.Skip(countBefore).Count(x => x.Status == 200) >= Endpoints.Length,
                    TimeSpan.FromSeconds(40), "re-registration after restart", () => restarted.Output);
                foreach (var endpoint in Endpoints)
                {
                    var before = firstAtA[endpoint];
                    var again = after.Skip(countBefore).Where(r => r.CallId == before.CallId).ToList();
                    Assert.True(again.Count > 0, $"{endpoint}: no REGISTER with its Call-ID {before.CallId} after the restart");
                    Assert.All(again, r => Assert.True(r.CSeq > before.CSeq, $"{endpoint}: CSeq {r.CSeq} not above {before.CSeq}"));
                }
                await AllRegistered(b, restarted, ct);
                Assert.Equal(0, await restarted.TerminateAsync(TimeSpan.FromSeconds(30)));

                // No configured password in clear text: not in the journal files, not in anything the node printed.
                var secrets = UsersA.Values.Concat(UsersB.Values).ToList();
                foreach (var file in Directory.EnumerateFiles(data))
                {
                    var bytes = await File.ReadAllBytesAsync(file, ct);
                    foreach (var secret in secrets)
                        Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' found in {file}");
                }
                foreach (var secret in secrets)
                {
                    Assert.DoesNotContain(secret, firstOutput);
                    Assert.DoesNotContain(secret, restarted.Output);
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Waits until the registrar's own location table holds a contact of this node for every endpoint.</summary>
    private static async Task<Dictionary<string, RegisteredContact>> AllRegistered(KamailioRegistrar registrar, NodeProcess node, CancellationToken ct)
    {
        var found = new Dictionary<string, RegisteredContact>();
        await Eventually.Until(async () =>
        {
            foreach (var endpoint in Endpoints)
            {
                var contacts = await registrar.LookupAsync(endpoint, ct);
                if (contacts.Count > 0) found[endpoint] = contacts[^1];
            }
            return found.Keys.Order().ToList();
        }, keys => keys.Count == Endpoints.Length, TimeSpan.FromSeconds(30), $"all endpoints registered at {registrar.Realm}", () => node.Output);
        return found;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
