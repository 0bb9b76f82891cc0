using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// The node on the .NET Generic Host, as systemd, Kubernetes and log shippers meet it: systemd's notify protocol on a
/// NOTIFY_SOCKET this test binds (READY=1 only once the node is ready, WATCHDOG=1 after, STOPPING=1 on SIGTERM),
/// /health/live and /health/ready told apart while a node waits to join its cluster, and --log-format json.
/// </summary>
public sealed class GenericHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ready_is_notified_and_reported_only_once_the_node_has_joined_and_applied_its_configuration()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-host-");
        try
        {
            var socketPath = Path.Combine(work.FullName, "notify.sock");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));
            var seedPort = FreePort.Pick();
            var joinerPort = FreePort.Pick();
            var management = FreePort.Pick();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{management}/"), Timeout = TimeSpan.FromSeconds(20) };

            // The joiner's seed is not up yet: it listens (SIP, management) but cannot join, so it is live, not ready.
            await using var joiner = NodeProcess.Launch(
            [
                "--data", Path.Combine(work.FullName, "joiner"), "--sip", "127.0.0.1:0", "--management", $"127.0.0.1:{management}",
                "--cluster-port", joinerPort.ToString(), "--seed-nodes", $"127.0.0.1:{seedPort}", "--demo-registrar", "off",
            ], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" });
            var live = await Eventually.Until(() => Get(http, "health/live", ct), r => r.Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "/health/live answering", () => joiner.Output);
            Assert.Equal("live\n", live.Body);
            var notReady = await Get(http, "health/ready", ct);
            output.WriteLine($"before the seed: /health/ready {(int)notReady.Status}\n{notReady.Body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.Status);
            Assert.Contains("not ready: starting", notReady.Body);
            Assert.Equal(HttpStatusCode.OK, (await Get(http, "health", ct)).Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get(http, "api/bindings", ct)).Status);
            Assert.False(joiner.IsRunning);
            Assert.Equal(0, notify.Available); // no READY=1 (and no watchdog ping) before the node is ready

            await using var seed = await NodeProcess.StartAsync(
            [
                "--data", Path.Combine(work.FullName, "seed"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0",
                "--cluster-port", seedPort.ToString(), "--seed-nodes", $"127.0.0.1:{seedPort}", "--demo-registrar", "off",
            ], ct);
            Assert.True(await joiner.WaitUntilRunningAsync(ct), joiner.Output);
            Assert.Equal("READY=1", await ReceiveAsync(notify, TimeSpan.FromSeconds(30), ct));
            var ready = await Get(http, "health/ready", ct);
            output.WriteLine($"after joining: /health/ready {(int)ready.Status}\n{ready.Body}");
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Contains("ok: cluster member Up", ready.Body);
            Assert.Contains("ok: journal reachable", ready.Body);
            Assert.Contains("ok: sip listening on 127.0.0.1:", ready.Body);
            // WATCHDOG_USEC = 1 s: a ping every half second while the node is live.
            Assert.Equal("WATCHDOG=1", await ReceiveAsync(notify, TimeSpan.FromSeconds(10), ct));

            Assert.Equal(0, await joiner.TerminateAsync(TimeSpan.FromSeconds(60)));
            string last;
            do last = await ReceiveAsync(notify, TimeSpan.FromSeconds(5), ct);
            while (last == "WATCHDOG=1");
            Assert.Equal("STOPPING=1", last);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Json_log_format_writes_one_object_a_line_with_timestamp_level_category_and_message()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-json-");
        try
        {
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--log-format", "json"], ct);
            await Eventually.Until(() => Task.FromResult(node.Output), o => o.Contains("bindings: 4 registered", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "4 demo bindings registered", () => node.Output);
            Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(60)));

            var entries = new List<(DateTimeOffset Time, string Level, string Category, string Message)>();
            foreach (var line in node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var json = JsonDocument.Parse(line); // every line is one JSON object
                var e = json.RootElement;
                Assert.Equal(JsonValueKind.Object, e.ValueKind);
                entries.Add((DateTimeOffset.Parse(e.GetProperty("Timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                    e.GetProperty("LogLevel").GetString()!, e.GetProperty("Category").GetString()!, e.GetProperty("Message").GetString()!));
            }
            output.WriteLine($"{entries.Count} JSON lines; categories: {string.Join(", ", entries.Select(e => e.Category).Distinct().Take(12))}");
            Assert.Contains(entries, e => e.Category == "actorsip-node" && e.Message.StartsWith("actorsip-node running: SIP 127.0.0.1:", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Category == "actorsip-node" && e.Message.Contains("using a demo registrar on 127.0.0.1:", StringComparison.Ordinal));
            // Akka's own log comes through the same sink, under its log source.
            Assert.Contains(entries, e => e.Category.EndsWith("/user/binding-summary", StringComparison.Ordinal) && e.Message.StartsWith("bindings: 4 registered", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Message == "actorsip-node: shutting down");
            Assert.All(entries, e => Assert.Contains(e.Level, new[] { "Debug", "Information", "Warning", "Error", "Critical" }));
            Assert.All(entries, e => Assert.True(e.Time > DateTimeOffset.UtcNow.AddHours(-1), e.Time.ToString("O")));
            Assert.DoesNotContain("demo-secret", node.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> Get(HttpClient http, string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(path, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message); // not listening yet
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan within, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within);
        var buffer = new byte[4096];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, n).Trim();
    }
}
