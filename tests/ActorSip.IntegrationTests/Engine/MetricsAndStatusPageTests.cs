using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>One demo node (demo registrars on loopback): /metrics in Prometheus text format after the bindings
/// register, and the status page as headless Chromium renders it (the rows come from the page's script).</summary>
public sealed class MetricsAndStatusPageTests
{
    [Fact]
    public async Task Metrics_count_bindings_and_REGISTERs_and_the_status_page_renders_them_live()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var work = Directory.CreateTempSubdirectory("actorsip-metrics-");
        try
        {
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0"], cts.Token);
            await Eventually.Until(async () =>
                {
                    using var doc = JsonDocument.Parse(await node.GetAsync("api/bindings", cts.Token));
                    return doc.RootElement.EnumerateArray().Count(b => b.GetProperty("state").GetString() == "Registered");
                }, n => n == 4, TimeSpan.FromSeconds(15), "4 demo bindings registered", () => node.Output);

            var metrics = await node.GetAsync("metrics", cts.Token);
            Assert.Equal(4, PrometheusText.Single(metrics, "actorsip_bindings", "state=\"Registered\""));
            Assert.Equal(0, PrometheusText.Single(metrics, "actorsip_bindings", "state=\"Rejected\""));
            // Each demo registrar challenges the first REGISTER (401), then accepts the answer (200).
            Assert.True(PrometheusText.Sum(metrics, "actorsip_register_responses_total", "code=\"401\"") >= 4, metrics);
            Assert.True(PrometheusText.Sum(metrics, "actorsip_register_responses_total", "code=\"200\"") >= 4, metrics);
            Assert.True(PrometheusText.Sum(metrics, "actorsip_register_sent_total") >= 8, metrics);
            Assert.True(PrometheusText.Sum(metrics, "actorsip_credential_lookups_total", "result=\"found\"") >= 4, metrics);
            Assert.DoesNotContain("demo-secret", metrics);

            // The raw page holds no data: the bindings below can only come from its script.
            var raw = await node.GetAsync("", cts.Token);
            Assert.DoesNotContain("1001@1", raw);
            var dom = await DumpDomAsync(node.Management!, cts.Token);
            var rows = Regex.Matches(dom, "<tr><td>(?<id>100[12]@[12])</td>.*?</tr>").Select(m => m.Value).ToList();
            Assert.True(rows.Count == 4, dom);
            Assert.All(rows, r => Assert.Contains("<td class=\"Registered\">Registered</td>", r));
            Assert.Matches("<td>akka\\.tcp://actorsip@127\\.0\\.0\\.1:\\d+ \\(this node\\)</td><td></td><td>Up</td><td>Reachable</td>", dom);
            Assert.Contains("<td>dns:provider-a.invalid</td>", dom);
            Assert.DoesNotContain("demo-secret", dom);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Headless Chromium loads the page, lets its script run for a few virtual seconds, prints the DOM.</summary>
    private static async Task<string> DumpDomAsync(Uri page, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("actorsip-chromium-");
        try
        {
            var info = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName, "--virtual-time-budget=4000",
                         "--dump-dom", page.ToString(),
                     })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("chromium did not finish within 30 s:\n" + await error);
            }
            var dom = await output;
            Assert.True(process.ExitCode == 0, $"chromium exit {process.ExitCode}:\n{await error}");
            return dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
