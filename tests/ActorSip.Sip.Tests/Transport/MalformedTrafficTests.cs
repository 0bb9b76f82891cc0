using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

/// <summary>Garbage floods cost one log line per source and window, and one address cannot hold every connection.</summary>
public sealed class MalformedTrafficTests
{
    [Fact]
    public void A_flood_from_two_sources_is_reported_as_one_line_per_source()
    {
        var logger = new CapturingLogger();
        using (var log = new MalformedTrafficLog(logger, "UDP 127.0.0.1:5060", TimeSpan.FromHours(1)))
        {
            for (var i = 0; i < 5_000; i++) log.Record(IPAddress.Parse("192.0.2.1"), "line 1: bad start line");
            for (var i = 0; i < 7; i++) log.Record(IPAddress.Parse("2001:db8::7"), "line 3: header section is not terminated");
            log.Flush();
            Assert.Equal(
                [
                    "UDP 127.0.0.1:5060: dropped 5000 malformed messages from 192.0.2.1 in the last 3600 s (last: line 1: bad start line)",
                    "UDP 127.0.0.1:5060: dropped 7 malformed messages from 2001:db8::7 in the last 3600 s (last: line 3: header section is not terminated)",
                ], logger.Warnings);
            log.Flush(); // nothing new: nothing said
            Assert.Equal(2, logger.Warnings.Count);
        }
    }

    [Fact]
    public void Beyond_ten_sources_the_rest_are_summed_in_one_line()
    {
        var logger = new CapturingLogger();
        using var log = new MalformedTrafficLog(logger, "TCP x", TimeSpan.FromHours(1));
        for (var source = 1; source <= 25; source++)
            for (var i = 0; i < source; i++) log.Record(IPAddress.Parse($"198.51.100.{source}"), "garbage");
        log.Flush();
        var warnings = logger.Warnings;
        Assert.Equal(MalformedTrafficLog.MaxSourcesPerReport + 1, warnings.Count);
        Assert.StartsWith("TCP x: dropped 25 malformed messages from 198.51.100.25 ", warnings[0]);
        Assert.Equal("TCP x: dropped 120 malformed messages from 15 other sources in the last 3600 s", warnings[^1]); // 1+..+15
    }

    [Fact]
    public void Spoofed_sources_beyond_the_tracked_limit_are_summed_not_stored()
    {
        var logger = new CapturingLogger();
        using var log = new MalformedTrafficLog(logger, "UDP x", TimeSpan.FromHours(1));
        var sources = MalformedTrafficLog.MaxTrackedSources + 1000;
        for (var i = 0; i < sources; i++) log.Record(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)), "garbage");
        log.Flush();
        var warnings = logger.Warnings;
        Assert.Equal(MalformedTrafficLog.MaxSourcesPerReport + 1, warnings.Count);
        Assert.Equal($"UDP x: dropped {sources - MalformedTrafficLog.MaxSourcesPerReport} malformed messages from " +
                     $"{MalformedTrafficLog.MaxTrackedSources - MalformedTrafficLog.MaxSourcesPerReport}+ other sources in the last 3600 s", warnings[^1]);
    }

    [Fact]
    public async Task Thousands_of_garbage_datagrams_give_a_handful_of_warnings_not_one_per_packet()
    {
        var logger = new CapturingLogger();
        var inbox = new MessageInbox();
        var transport = SipUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler, logger: logger);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var garbage = Encoding.ASCII.GetBytes("NOT SIP AT ALL\r\n\r\n");
        const int sent = 3_000;
        for (var i = 0; i < sent; i++)
        {
            await client.SendAsync(garbage, transport.LocalEndPoint);
            if (i % 200 == 0) await Task.Delay(1); // stay within the socket's receive buffer
        }
        await Eventually(() => transport.Counters.ParseErrors >= sent * 9 / 10);
        await transport.DisposeAsync(); // flushes the window
        var warnings = logger.Warnings;
        var report = Assert.Single(warnings, w => w.Contains("malformed messages from 127.0.0.1"));
        Assert.Contains($"dropped {transport.Counters.ParseErrors} malformed messages", report);
        Assert.True(warnings.Count <= 3, string.Join("\n", warnings));
    }

    [Fact]
    public async Task Connections_beyond_the_per_source_limit_are_closed_at_once_and_reported()
    {
        var logger = new CapturingLogger();
        var inbox = new MessageInbox();
        var options = new SipTransportOptions { MaxConnectionsPerSource = 4 };
        var transport = SipStreamTransport.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler, options, logger);
        var clients = new List<RawTcp>();
        try
        {
            for (var i = 0; i < 4; i++) clients.Add(await RawTcp.ConnectAsync(transport.LocalEndPoint));
            await Eventually(() => transport.InboundConnectionsFrom(IPAddress.Loopback) == 4);
            var extra = new List<RawTcp>();
            for (var i = 0; i < 6; i++)
            {
                try
                {
                    extra.Add(await RawTcp.ConnectAsync(transport.LocalEndPoint));
                }
                catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
                {
                    // Reset before the client saw its connect complete: closed at once, as asked.
                }
            }
            clients.AddRange(extra);
            foreach (var c in extra) Assert.True(await c.ClosedByPeerAsync(), "a connection over the limit stayed open");
            foreach (var c in clients.Take(4)) Assert.False(await c.ClosedByPeerAsync(TimeSpan.FromMilliseconds(100)), "a connection within the limit was closed");
            Assert.Equal(4, transport.InboundConnectionsFrom(IPAddress.Loopback));

            // Closing one frees its slot for a newcomer.
            clients[0].Dispose();
            await Eventually(() => transport.InboundConnectionsFrom(IPAddress.Loopback) == 3);
            var again = await RawTcp.ConnectAsync(transport.LocalEndPoint);
            clients.Add(again);
            Assert.False(await again.ClosedByPeerAsync(TimeSpan.FromMilliseconds(200)));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            await transport.DisposeAsync();
        }
        Assert.Contains(logger.Warnings, w => w.Contains("dropped 6 malformed messages from 127.0.0.1") && w.Contains("more than 4 connections"));
    }

    [Fact]
    public async Task A_header_section_longer_than_max_header_bytes_closes_the_connection_before_it_buffers_more()
    {
        var logger = new CapturingLogger();
        var inbox = new MessageInbox();
        var options = new SipTransportOptions { MaxHeaderBytes = 4096 };
        var transport = SipStreamTransport.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler, options, logger);
        using var raw = await RawTcp.ConnectAsync(transport.LocalEndPoint);
        // A header flood with no end of headers: 100 lines of 100 octets, 10 kB in all.
        var flood = new StringBuilder("REGISTER sip:x SIP/2.0\r\n");
        for (var i = 0; i < 100; i++) flood.Append("X-Flood: ").Append('a', 89).Append("\r\n");
        try
        {
            await raw.WriteAsync(Encoding.ASCII.GetBytes(flood.ToString()));
        }
        catch (IOException)
        {
            // Reset while we were still writing: closed as it should be.
        }
        Assert.True(await raw.ClosedByPeerAsync());
        Assert.Equal(1, transport.Counters.ConnectionsClosedOnError);
        Assert.False(inbox.TryTake(out _));
        await transport.DisposeAsync();
        Assert.Contains(logger.Warnings, w => w.Contains("dropped 1 malformed messages from 127.0.0.1") && w.Contains("connection closed"));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
