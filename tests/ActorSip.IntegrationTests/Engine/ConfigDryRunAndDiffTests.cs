using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>`config apply --dry-run` and `config diff` against a running node: what would change is printed, with
/// passwords masked, and nothing is applied.</summary>
public sealed class ConfigDryRunAndDiffTests
{
    private const string Secret = "Dry-Run-Pw-Grep-Me";

    [Fact]
    public async Task Dry_run_and_diff_print_what_would_change_and_apply_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-dryrun-");
        try
        {
            var port = FreePort.Pick();
            var running = $"""
                sip-ua
                 registrar 1 ipv4:127.0.0.1:{port} expires 600
                 credentials number 1001 username u1001 password {Secret} realm d.test
                 credentials number 1002 username u1002 password {Secret} realm d.test
                """;
            var trunks = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunks, running, ct);
            await using var node = await NodeProcess.StartAsync(
            [
                "--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0",
                "--demo-registrar", "off", "--trunks", trunks,
            ], ct);
            var at = $"127.0.0.1:{node.Management!.Port}";

            var lines = Path.Combine(work.FullName, "change.txt");
            await File.WriteAllTextAsync(lines, $"sip-ua\n credentials number 1003 username u1003 password {Secret} realm d.test\n no credentials number 1002 username u1002 realm d.test\n", ct);
            var (code, dry) = await CliProcess.RunAsync(ct, at, "config", "apply", lines, "--dry-run");
            Assert.True(code == 0, dry);
            Assert.Contains("would apply", dry);
            Assert.Contains("+ credentials number 1003 username u1003 password 0 ***** realm d.test", dry);
            Assert.Contains("- credentials number 1002 username u1002 password 0 ***** realm d.test", dry);
            Assert.Contains("bindings that would register: 1 (1003@1)", dry);
            Assert.Contains("bindings that would un-register: 1 (1002@1)", dry);
            Assert.Contains("dry run: nothing applied", dry);
            var (_, export) = await CliProcess.RunAsync(ct, at, "config", "export");
            Assert.DoesNotContain("1003", export);
            Assert.Contains("credentials number 1002 username u1002", export);

            // A file that is the running configuration with one password changed and one registrar moved.
            var file = Path.Combine(work.FullName, "next.cfg");
            await File.WriteAllTextAsync(file, running.Replace($"u1001 password {Secret}", "u1001 password Other-Pw-Grep-Me", StringComparison.Ordinal)
                .Replace($"127.0.0.1:{port} ", $"127.0.0.1:{port + 1} ", StringComparison.Ordinal), ct);
            var (diffCode, diff) = await CliProcess.RunAsync(ct, at, "config", "diff", file);
            Assert.True(diffCode == 0, diff);
            Assert.Contains("~ credentials number 1001 username u1001 password 0 ***** realm d.test   (password changed)", diff);
            Assert.Contains($"- registrar 1 ipv4:127.0.0.1:{port} expires 600", diff);
            Assert.Contains($"+ registrar 1 ipv4:127.0.0.1:{port + 1} expires 600", diff);
            Assert.Contains("bindings that would re-register (registrar changed): 2", diff);
            Assert.Contains("Count: 2 items differ", diff);
            var (_, same) = await CliProcess.RunAsync(ct, at, "config", "diff", trunks);
            Assert.Contains("no differences", same);

            // Errors come back line-numbered, as with apply.
            await File.WriteAllTextAsync(lines, "sip-ua\n registrar 9 ipv4:127.0.0.1:5060\n", ct);
            var (badCode, bad) = await CliProcess.RunAsync(ct, at, "config", "apply", lines, "--dry-run");
            Assert.NotEqual(0, badCode);
            Assert.Contains(":2: % registrar index must be 1-6", bad);
            Assert.DoesNotContain(Secret, dry + export + diff + same + bad);
            Assert.DoesNotContain("Other-Pw", diff);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
