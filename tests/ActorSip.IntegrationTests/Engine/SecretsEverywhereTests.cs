using System.Security.Cryptography;
using System.Text;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Known, distinctive passwords (sip-ua credentials, sip-ua authentication, dial-peer authentication, one written as
/// IOS type 7) are configured and used for real (demo registrars challenge every binding); then every artefact an
/// operator or an attacker could read is searched for them: the SQLite journal files, a pg_dump of the PostgreSQL
/// journal, the node's output, every `actorsip` output and every management HTTP resource. Nothing may contain a
/// password, in clear or in its type 7 form.
/// </summary>
public sealed class SecretsEverywhereTests(ITestOutputHelper log)
{
    private const string CredentialPassword = "Cred-Pw-Grep-Me-7731";
    private const string AuthenticationPassword = "Auth-Pw-Grep-Me-4410";
    private const string DialPeerPassword = "Peer-Pw-Grep-Me-9902";
    private const string Type7Plaintext = "T7-Pw-Grep-Me-5521";
    // Type7.Encode(Type7Plaintext, 9): this project stays a black box of the shipped programs, so the form is written out.
    private const string Type7Encoded = "0978194429125A351909146706216566607042";

    private static readonly string[] Secrets = [CredentialPassword, AuthenticationPassword, DialPeerPassword, Type7Plaintext, Type7Encoded];

    private static string Trunks => $"""
        sip-ua
         registrar 1 dns:secrets-a.invalid expires 120
         registrar 2 dns:secrets-b.invalid expires 120
         credentials number 3001 username c3001 password {CredentialPassword} realm secrets-a.invalid
         credentials number 3002 username c3002 password 7 {Type7Encoded} realm secrets-a.invalid
         authentication username shared password {AuthenticationPassword} realm secrets-b.invalid
        !
        dial-peer voice 10 pots
         destination-pattern 3001
         authentication username peer password {DialPeerPassword} realm secrets-b.invalid
        """;

    /// <summary>Every resource of the management endpoint, with the parameters they need. Extend with new routes.</summary>
    private static readonly string[] Resources =
    [
        "health", "", "status", "metrics", "api/bindings", "api/registrars", "api/cluster/members", "api/cluster/status", "api/cluster/leader",
        "api/sharding/regions", "api/sharding/region-stats?type=binding", "api/sharding/region-stats?type=credential", "api/sharding/shard-stats?type=credential",
        "api/config", "api/config?format=hocon", "api/credentials", "api/audit", $"api/audit?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}",
    ];

    /// <summary>Every read-only `actorsip` command against a node (and the offline file commands without --show-secrets).</summary>
    private static string[][] Commands(string node, string trunksFile) =>
    [
        [node, "show", "sip-ua", "register", "status"], [node, "show", "sip-ua", "register", "status", "--json"],
        [node, "show", "sip-ua", "credentials"], [node, "show", "sip-ua", "credentials", "--json"], [node, "show", "sip-ua", "status", "registrar"],
        [node, "show", "running-config"], [node, "config", "export", "--format", "hocon"], [node, "config", "export", "--json"],
        [node, "audit", "replay"], [node, "audit", "replay", "--json"], [node, "audit", "replay", "--as-of", DateTimeOffset.UtcNow.AddDays(1).ToString("O")],
        [node, "cluster", "show"], [node, "cluster", "status"], [node, "cluster-sharding", "region-stats", "-r", "credential"],
        ["config", "show", trunksFile], ["config", "show", trunksFile, "--format", "hocon"], ["config", "show", trunksFile, "--format", "json"], ["config", "check", trunksFile],
    ];

    /// <summary>pg_dump writes event payloads (bytea) as \x hex: searched as the bytes they hold, beside the dump text.</summary>
    private static string DecodeBytea(string dump) =>
        dump + "\n" + string.Join("\n", System.Text.RegularExpressions.Regex.Matches(dump, @"\\x([0-9a-f]+)")
            .Select(m => Encoding.Latin1.GetString(Convert.FromHexString(m.Groups[1].Value))));

    [Fact]
    public async Task No_password_appears_in_any_journal_log_cli_output_or_http_response()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-secrets-");
        var artefacts = new List<(string Name, string Text)>();
        try
        {
            var trunksFile = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunksFile, Trunks, ct);
            await using var postgres = await PostgresServer.StartAsync(ct);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

            // Once on SQLite (the default), once on PostgreSQL (the cluster journal).
            foreach (var journal in new[] { "sqlite", "postgres" })
            {
                var data = Path.Combine(work.FullName, journal);
                string[] args = ["--data", data, "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--demo-registrar", "on", "--trunks", trunksFile,
                    .. journal == "postgres" ? new[] { "--postgres", postgres.ConnectionString } : []];
                await using var node = await NodeProcess.StartAsync(args, ct, new Dictionary<string, string> { ["ACTORSIP_JOURNAL_KEY"] = key });
                // Every binding answers a challenge with one of the passwords before anything is searched.
                await Eventually.Until(() => Task.FromResult(node.Output), o => o.Contains("bindings: 4 registered", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(30), "4 bindings registered through the demo registrars' challenges", () => node.Output);

                using var http = new HttpClient();
                foreach (var resource in Resources)
                {
                    var response = await http.GetAsync(new Uri(node.Management!, resource), ct);
                    artefacts.Add(($"{journal} GET /{resource} ({(int)response.StatusCode})", await response.Content.ReadAsStringAsync(ct)));
                }
                foreach (var command in Commands($"127.0.0.1:{node.Management!.Port}", trunksFile))
                {
                    var (code, text) = await CliProcess.RunAsync(ct, command);
                    Assert.True(code == 0, $"actorsip {string.Join(' ', command)}: {text}");
                    artefacts.Add(($"{journal} actorsip {string.Join(' ', command)}", text));
                }
                Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
                artefacts.Add(($"{journal} node output", node.Output));
                foreach (var file in Directory.GetFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("journal.key", StringComparison.Ordinal)))
                    artefacts.Add(($"{journal} file {Path.GetRelativePath(work.FullName, file)}", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, ct))));
            }
            artefacts.Add(("pg_dump", DecodeBytea(await postgres.DumpAsync(ct))));

            // The search must be able to find something: the journal and the dump hold the usernames, and the one
            // command that prints secrets on request (offline, on the operator's own file) shows every one.
            var (shownCode, shown) = await CliProcess.RunAsync(ct, "config", "show", trunksFile, "--show-secrets");
            Assert.Equal(0, shownCode);
            Assert.All(new[] { CredentialPassword, AuthenticationPassword, DialPeerPassword, Type7Encoded }, secret => Assert.Contains(secret, shown));
            Assert.Contains(artefacts, a => a.Name.StartsWith("sqlite file", StringComparison.Ordinal) && a.Text.Contains("c3001", StringComparison.Ordinal));
            Assert.Contains("c3001", artefacts.Single(a => a.Name == "pg_dump").Text);
            log.WriteLine($"searched {artefacts.Count} artefacts, {artefacts.Sum(a => a.Text.Length):N0} characters, for {Secrets.Length} secrets");
            var leaks = artefacts.SelectMany(a => Secrets.Where(s => a.Text.Contains(s, StringComparison.Ordinal)).Select(s => $"{a.Name}: contains '{s}'")).ToList();
            Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
