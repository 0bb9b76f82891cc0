using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The management endpoint as operators and monitoring see it: with a token, every request but /health needs it
/// (the CLI takes it from ACTORSIP_TOKEN); /metrics is Prometheus text with the binding states and REGISTER outcomes;
/// the status page, rendered by headless Chromium, lists the bindings and the member (drawn by its script, not in
/// the HTML sent).
/// </summary>
public sealed class StatusPageMetricsTests
{
    private const string Token = "test-token-4f1c9a";

    [Fact]
    public async Task Token_metrics_and_status_page_in_headless_chromium()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-status-");
        try
        {
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0"], ct,
                new Dictionary<string, string> { ["ACTORSIP_MANAGEMENT_TOKEN"] = Token });
            var baseUri = node.Management!;
            await Eventually.Until(() => Task.FromResult(node.Output), o => o.Contains("bindings: 4 registered", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "4 demo bindings registered", () => node.Output);

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(baseUri, "health"), ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(baseUri, "api/bindings"), ct)).StatusCode);
            using (var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "metrics")))
            {
                wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, ct)).StatusCode);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "metrics"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var metrics = await (await http.SendAsync(request, ct)).Content.ReadAsStringAsync(ct);
            Assert.Matches(@"actorsip_bindings\{[^}]*state=""Registered""[^}]*\} 4", metrics);
            Assert.Matches(@"actorsip_register_responses_total\{[^}]*code=""401""[^}]*\} [1-9]", metrics);
            Assert.Matches(@"actorsip_register_responses_total\{[^}]*code=""200""[^}]*\} [1-9]", metrics);
            Assert.Matches(@"actorsip_credential_lookups_total\{[^}]*result=""found""[^}]*\} [1-9]", metrics);
            Assert.DoesNotContain("demo-secret", metrics);

            var at = $"127.0.0.1:{baseUri.Port}";
            var (refused, refusal) = await CliProcess.RunAsync(ct, at, "cluster", "show");
            Assert.Equal(1, refused);
            Assert.Contains("token is required", refusal);
            var (ok, members) = await CliProcess.RunAsync(new Dictionary<string, string> { ["ACTORSIP_TOKEN"] = Token }, ct, at, "cluster", "show");
            Assert.True(ok == 0, members);
            Assert.Contains("Count: 1 nodes", members);

            // The page as a browser renders it, after its script has fetched the JSON resources.
            var dom = await Chromium(new Uri(baseUri, "/#token=" + Token), work.FullName, ct);
            Assert.Contains("(4 of 4 registered)", dom);
            Assert.Equal(4, CountOf(dom, "<td class=\"Registered\">Registered</td>"));
            Assert.Contains("<td>dns:provider-a.invalid</td>", dom);
            Assert.Contains("<td>Up</td><td>Reachable</td><td>yes</td>", dom);
            Assert.DoesNotContain("demo-secret", dom);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_management_address_off_loopback_needs_a_token()
    {
        var work = Directory.CreateTempSubdirectory("actorsip-status-");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { NodeProcess.NodeDll(), "--data", work.FullName, "--management", "0.0.0.0:0" }) info.ArgumentList.Add(a);
            info.Environment.Remove("ACTORSIP_MANAGEMENT_TOKEN");
            using var process = Process.Start(info)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("a non-loopback management address needs a token: set ACTORSIP_MANAGEMENT_TOKEN", error);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    /// <summary>Debian's Chromium, headless, with the flags that keep it off the network; the DOM after the page's
    /// script ran (virtual time lets its fetches and timers complete).</summary>
    private static async Task<string> Chromium(Uri page, string work, CancellationToken ct)
    {
        var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(work, "chromium")}",
                     "--virtual-time-budget=5000", "--dump-dom", page.ToString(),
                 })
            info.ArgumentList.Add(a);
        using var chromium = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start (apt-get install chromium)");
        var dom = chromium.StandardOutput.ReadToEndAsync(ct);
        var errors = chromium.StandardError.ReadToEndAsync(ct);
        await chromium.WaitForExitAsync(ct);
        Assert.True(chromium.ExitCode == 0, await errors);
        return await dom;
    }
}
