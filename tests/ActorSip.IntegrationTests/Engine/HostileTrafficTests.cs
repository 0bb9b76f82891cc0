using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorSip.IntegrationTests.Peers;
using Xunit.Abstractions;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// A real actorsip-node keeps its bindings registered with Kamailio while its SIP port takes thousands of malformed
/// UDP datagrams and TCP streams (truncated, oversized, lying Content-Length, non-UTF-8, header floods, slowloris
/// partial messages held open, more connections than one source may hold). Afterwards every binding is still
/// registered, the node's resident memory is flat within a bound, and the log carries a few per-source summaries
/// instead of a line per packet.
/// </summary>
public sealed partial class HostileTrafficTests(ITestOutputHelper output)
{
    /// <summary>1,000 (about 11 s to register on 2 cores); ACTORSIP_HOSTILE_BINDINGS changes it.</summary>
    private static readonly int Bindings =
        int.TryParse(Environment.GetEnvironmentVariable("ACTORSIP_HOSTILE_BINDINGS"), out var n) && n > 0 ? n : 1000;

    private const int Datagrams = 6_000;
    private const int Streams = 300;
    private const int SlowlorisConnections = 20;
    private const long RssGrowthBoundKiB = 64 * 1024;

    [Fact]
    public async Task Malformed_floods_leave_every_binding_registered_memory_flat_and_the_log_quiet()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150 + Bindings / 20));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-hostile-");
        try
        {
            var users = Enumerable.Range(0, Bindings).ToDictionary(i => $"h{6000 + i}", i => $"pw-{6000 + i}");
            await using var registrar = await KamailioRegistrar.StartAsync(new KamailioOptions { Realm = "hostile.test", Users = users }, ct);
            var trunks = new StringBuilder($"sip-ua\n registrar 1 ipv4:127.0.0.1:{registrar.Port} expires 600\n");
            foreach (var (user, password) in users)
                trunks.Append($" credentials number {user[1..]} username {user} password {password} realm hostile.test\n");
            var trunksFile = Path.Combine(work.FullName, "trunks.cfg");
            await File.WriteAllTextAsync(trunksFile, trunks.ToString(), ct);
            var hocon = Path.Combine(work.FullName, "test.conf");
            await File.WriteAllTextAsync(hocon, """
                actorsip.registration.startup-spread = 2s
                actorsip.sip.message-timeout = 2s
                actorsip.sip.max-connections-per-source = 32
                """, ct);

            await using var node = await NodeProcess.StartAsync(
            [
                "--data", Path.Combine(work.FullName, "data"), "--trunks", trunksFile, "--sip", "127.0.0.1:0",
                "--management", "127.0.0.1:0", "--demo-registrar", "off", "--hocon", hocon,
            ], ct);
            var sipPort = int.Parse(SipPortPattern().Match(node.Output).Groups[1].Value, CultureInfo.InvariantCulture);
            var target = new IPEndPoint(IPAddress.Loopback, sipPort);
            var clock = Stopwatch.StartNew();
            await Eventually.Until(() => registrar.RegisteredUsersAsync(ct), c => c == Bindings, TimeSpan.FromSeconds(60 + Bindings / 20),
                $"{Bindings} bindings registered", () => node.Output[^Math.Min(3000, node.Output.Length)..]);
            output.WriteLine($"{Bindings} bindings registered in {clock.Elapsed.TotalSeconds:F1} s");

            // Warm up with one round of the same traffic (JIT, buffer pools, the GC's heap sizing), then take the
            // baseline: a second round must not grow the node further than the bound.
            var random = new Random(8);
            await SendDatagramsAsync(target, Datagrams, random, ct);
            await SendStreamsAsync(target, Streams, random, ct);
            await Task.Delay(1000, ct);
            var rssBefore = RssKiB(node.Pid);

            var linesBefore = node.Output.Split('\n').Length;
            clock.Restart();
            var slowloris = await OpenSlowlorisAsync(target, SlowlorisConnections, ct);
            var udpSent = await SendDatagramsAsync(target, Datagrams, random, ct);
            var (streamsSent, refused) = await SendStreamsAsync(target, Streams, random, ct);
            var flood = clock.Elapsed;

            // Slowloris: partial messages are cut off by the message timeout (2 s here), not held for ever.
            var cut = 0;
            foreach (var c in slowloris)
            {
                if (await ClosedByPeerAsync(c, TimeSpan.FromSeconds(10))) cut++;
                c.Dispose();
            }

            // Summaries come once per 10 s window: wait for the one covering the flood.
            var reports = await Eventually.Until(() => Task.FromResult(TransportWarnings(node.Output)),
                w => w.Any(l => l.Contains("malformed messages from 127.0.0.1", StringComparison.Ordinal)) && w.Any(l => l.Contains("] TCP 127.0.0.1", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(25), "malformed-traffic summary in the node's log", () => node.Output[^Math.Min(3000, node.Output.Length)..]);
            await Task.Delay(500, ct);
            var rssAfter = RssKiB(node.Pid);

            var registered = await registrar.RegisteredUsersAsync(ct);
            using var bindings = JsonDocument.Parse(await node.GetAsync("api/bindings", ct));
            var states = bindings.RootElement.EnumerateArray().GroupBy(b => b.GetProperty("state").GetString()).ToDictionary(g => g.Key!, g => g.Count());
            var warnings = TransportWarnings(node.Output);
            var sent = udpSent + streamsSent + SlowlorisConnections;
            output.WriteLine($"sent {udpSent} datagrams, {streamsSent} TCP streams ({refused} refused at once over the per-source limit), " +
                             $"{SlowlorisConnections} slowloris connections ({cut} cut off) in {flood.TotalSeconds:F1} s");
            output.WriteLine($"VmRSS before {rssBefore / 1024.0:F1} MiB, after {rssAfter / 1024.0:F1} MiB ({(rssAfter - rssBefore) / 1024.0:+0.0;-0.0} MiB; bound {RssGrowthBoundKiB / 1024} MiB)");
            output.WriteLine($"Kamailio: {registered}/{Bindings} registered; node: {string.Join(", ", states.Select(kv => $"{kv.Value} {kv.Key}"))}");
            output.WriteLine($"{warnings.Count} transport warning lines for {sent} hostile inputs:\n{string.Join("\n", warnings)}");

            Assert.Equal(Bindings, registered);
            Assert.Equal(Bindings, states.GetValueOrDefault("Registered"));
            Assert.Equal(SlowlorisConnections, cut);
            Assert.True(refused > 0, "no connection was refused over the per-source limit");
            Assert.True(rssAfter - rssBefore < RssGrowthBoundKiB, $"VmRSS grew by {(rssAfter - rssBefore) / 1024} MiB");
            // A handful of summaries (per transport, source and 10 s window), not one line per packet.
            Assert.InRange(warnings.Count, 1, 30);
            // Nothing else per packet either: only the periodic binding summary and these reports were added.
            var linesAdded = node.Output.Split('\n').Length - linesBefore;
            output.WriteLine($"{linesAdded} lines of node output during and after the flood");
            Assert.InRange(linesAdded, 1, 40);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static List<string> TransportWarnings(string output) =>
        output.Split('\n').Where(l => l.Contains("[sip-transport]", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();

    private static long RssKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static byte[] ValidRegister(Random random) => Encoding.ASCII.GetBytes(
        $"REGISTER sip:hostile.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{random.Next()}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:x@hostile.test>;tag={random.Next()}\r\nTo: <sip:x@hostile.test>\r\nCall-ID: {random.Next()}@h\r\nCSeq: 1 REGISTER\r\n" +
        "Contact: <sip:x@127.0.0.1:9>\r\nContent-Length: 0\r\n\r\n");

    /// <summary>One malformed message of a kind picked at random.</summary>
    private static byte[] Malformed(Random random, bool stream)
    {
        var valid = ValidRegister(random);
        switch (random.Next(7))
        {
            case 0: // random bytes
                var junk = new byte[random.Next(1, 1400)];
                random.NextBytes(junk);
                return junk;
            case 1: // truncated in the middle of the headers
                return valid[..random.Next(10, valid.Length - 30)];
            case 2: // oversized (UDP: over the 65 535 limit is impossible, so 60 000 octets of one header)
                return Encoding.ASCII.GetBytes("REGISTER sip:hostile.test SIP/2.0\r\nX-Big: " + new string('a', stream ? 70_000 : 60_000) + "\r\n\r\n");
            case 3: // Content-Length lies (more than is sent)
                return Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(valid).Replace("Content-Length: 0", "Content-Length: 4000") + "short body");
            case 4: // not UTF-8 in the start line and a header
                var bytes = valid.ToList();
                bytes.InsertRange(9, new byte[] { 0xC3, 0x28, 0xFF, 0xFE });
                bytes.InsertRange(60, new byte[] { 0x80, 0x81, 0xC0 });
                return [.. bytes];
            case 5: // header flood
                var sb = new StringBuilder("REGISTER sip:hostile.test SIP/2.0\r\n");
                for (var i = 0; i < 2000; i++) sb.Append("X-H").Append(i).Append(": v\r\n");
                return Encoding.ASCII.GetBytes(sb.Append("\r\n").ToString());
            default: // no mandatory headers
                return "OPTIONS sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        }
    }

    private static async Task<int> SendDatagramsAsync(IPEndPoint target, int count, Random random, CancellationToken ct)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        udp.Client.SendBufferSize = 1 << 20;
        for (var i = 0; i < count; i++)
        {
            await udp.SendAsync(Malformed(random, stream: false), target, ct);
            if (i % 100 == 99) await Task.Delay(2, ct); // bounded rate: ~thousands per second, not a kernel-buffer test
        }
        return count;
    }

    private static async Task<(int Sent, int Refused)> SendStreamsAsync(IPEndPoint target, int count, Random random, CancellationToken ct)
    {
        var refused = 0;
        for (var batch = 0; batch < count; batch += 30)
        {
            // 30 connections at once from one address: with the slowloris ones open, over the per-source limit of 32.
            var clients = new List<TcpClient>();
            for (var i = 0; i < 30 && batch + i < count; i++)
            {
                var c = new TcpClient(AddressFamily.InterNetwork);
                try
                {
                    await c.ConnectAsync(target, ct);
                    clients.Add(c);
                }
                catch (SocketException)
                {
                    refused++; // reset as the handshake completed: over the per-source limit
                    c.Dispose();
                }
            }
            foreach (var c in clients)
            {
                try
                {
                    await c.GetStream().WriteAsync(Malformed(random, stream: true), ct);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    refused++; // closed by the node before we wrote: over the per-source limit
                }
            }
            foreach (var c in clients) c.Dispose();
        }
        return (count, refused);
    }

    private static async Task<List<TcpClient>> OpenSlowlorisAsync(IPEndPoint target, int count, CancellationToken ct)
    {
        var list = new List<TcpClient>();
        for (var i = 0; i < count; i++)
        {
            var c = new TcpClient(AddressFamily.InterNetwork);
            await c.ConnectAsync(target, ct);
            await c.GetStream().WriteAsync("REGISTER sip:hostile.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1"u8.ToArray(), ct);
            list.Add(c);
        }
        return list;
    }

    private static async Task<bool> ClosedByPeerAsync(TcpClient client, TimeSpan wait)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
                if (await client.GetStream().ReadAsync(buffer, cts.Token) == 0) return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"running: SIP 127\.0\.0\.1:(\d+)")]
    private static partial Regex SipPortPattern();
}
