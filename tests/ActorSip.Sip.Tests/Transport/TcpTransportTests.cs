using System.Net;
using System.Text;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class TcpTransportTests
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Request_and_response_travel_over_one_connection(string address)
    {
        var ip = IPAddress.Parse(address);
        var clientInbox = new MessageInbox();
        var serverInbox = new MessageInbox();
        await using var client = SipStreamTransport.ListenTcp(new IPEndPoint(ip, 0), clientInbox.Handler);
        await using var server = SipStreamTransport.ListenTcp(new IPEndPoint(ip, 0), serverInbox.Handler);

        await client.SendAsync(TestRequests.Register(SipTransportKind.Tcp, client.LocalEndPoint, "z9hG4bK-tcp-1"), server.LocalEndPoint);
        var arrived = await serverInbox.NextAsync();
        var request = Assert.IsType<SipRequest>(arrived.Message);
        Assert.Equal(SipTransportKind.Tcp, arrived.Transport);
        Assert.NotEqual(client.LocalEndPoint, arrived.Remote); // the client's ephemeral connection port, not its listener

        // §18.2.2: the response goes back over the connection the request came on, not a new one.
        await server.SendAsync(SipResponse.For(request, 200, "OK", "t"), arrived.Remote);
        var answer = await clientInbox.NextAsync();
        Assert.Equal(200, Assert.IsType<SipResponse>(answer.Message).StatusCode);
        Assert.Equal(server.LocalEndPoint, answer.Remote);
        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(1, client.ConnectionCount);
        Assert.Equal(1, server.Counters.ConnectionsAccepted);
        Assert.Equal(0, server.Counters.ConnectionsOpened);

        // A second request reuses the pooled connection.
        await client.SendAsync(TestRequests.Register(SipTransportKind.Tcp, client.LocalEndPoint, "z9hG4bK-tcp-2", 2), server.LocalEndPoint);
        Assert.Equal("z9hG4bK-tcp-2", (await serverInbox.NextAsync()).Message.TopVia!.Branch);
        Assert.Equal(1, client.Counters.ConnectionsOpened);
        Assert.Equal(1, server.Counters.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_message_written_one_byte_at_a_time_is_framed_with_its_body()
    {
        var inbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, inbox.Handler);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);
        var message = TestRequests.Register(SipTransportKind.Tcp, raw.LocalEndPoint, "z9hG4bK-slow");
        message.Headers.Add(HeaderNames.ContentType, "text/plain");
        message.Body = Encoding.ASCII.GetBytes("body\r\n\r\nwith blank lines");
        var bytes = message.ToBytes();

        for (var i = 0; i < bytes.Length; i++) await raw.WriteAsync(bytes.AsMemory(i, 1));

        var arrived = await inbox.NextAsync();
        Assert.Equal("body\r\n\r\nwith blank lines", Encoding.ASCII.GetString(arrived.Message.Body.Span));
        Assert.Equal("z9hG4bK-slow", arrived.Message.TopVia!.Branch);
        Assert.False(inbox.TryTake(out _));
    }

    [Fact]
    public async Task Two_messages_in_one_write_with_keep_alive_line_breaks_between_are_both_delivered()
    {
        var inbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, inbox.Handler);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);
        // The compact form of Content-Length frames the second message.
        var first = TestRequests.RegisterBytes(SipTransportKind.Tcp, raw.LocalEndPoint, "z9hG4bK-one");
        var second = Encoding.ASCII.GetString(TestRequests.RegisterBytes(SipTransportKind.Tcp, raw.LocalEndPoint, "z9hG4bK-two", 2))
            .Replace("Content-Length: 0", "l: 0", StringComparison.Ordinal);
        await raw.WriteAsync((byte[])[.. first, .. "\r\n"u8, .. Encoding.ASCII.GetBytes(second)]);

        Assert.Equal("z9hG4bK-one", (await inbox.NextAsync()).Message.TopVia!.Branch);
        Assert.Equal("z9hG4bK-two", (await inbox.NextAsync()).Message.TopVia!.Branch);
        Assert.Equal(2, server.Counters.Received);
    }

    [Fact]
    public async Task A_crlf_ping_gets_a_crlf_pong()
    {
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, _ => { });
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);

        await raw.WriteAsync("\r\n\r\n"u8.ToArray());
        Assert.Equal("\r\n"u8.ToArray(), await raw.ReadExactlyAsync(2));
        await raw.WriteAsync("\r\n\r\n"u8.ToArray());
        Assert.Equal("\r\n"u8.ToArray(), await raw.ReadExactlyAsync(2));
        Assert.Equal(2, server.Counters.KeepAlivesAnswered);
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: 5\r\nl: 6")]
    [InlineData("Content-Length: 99999999")]
    [InlineData("X-No-Length: 1")]
    public async Task A_bad_or_missing_content_length_closes_the_connection(string lengthLines)
    {
        var inbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, inbox.Handler);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);
        var text = Encoding.ASCII.GetString(TestRequests.RegisterBytes(SipTransportKind.Tcp, raw.LocalEndPoint, "z9hG4bK-bad"))
            .Replace("Content-Length: 0", lengthLines, StringComparison.Ordinal);

        await raw.WriteAsync(Encoding.ASCII.GetBytes(text + "hello"));

        Assert.True(await raw.ClosedByPeerAsync());
        Assert.Equal(1, server.Counters.ConnectionsClosedOnError);
        Assert.False(inbox.TryTake(out _));
    }

    [Fact]
    public async Task Garbage_closes_the_connection_and_the_listener_still_serves_new_connections()
    {
        var inbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, inbox.Handler);
        using (var raw = await RawTcp.ConnectAsync(server.LocalEndPoint))
        {
            var garbage = new byte[3000];
            new Random(7).NextBytes(garbage);
            garbage[0] = 0x01;
            await raw.WriteAsync(garbage);
            Assert.True(await raw.ClosedByPeerAsync());
        }

        using var good = await RawTcp.ConnectAsync(server.LocalEndPoint);
        await good.WriteAsync(TestRequests.RegisterBytes(SipTransportKind.Tcp, good.LocalEndPoint, "z9hG4bK-good"));
        var arrived = await inbox.NextAsync();
        Assert.Equal("z9hG4bK-good", arrived.Message.TopVia!.Branch);

        await server.SendAsync(SipResponse.For((SipRequest)arrived.Message, 200, "OK"), arrived.Remote);
        var head = Encoding.ASCII.GetString(await good.ReadExactlyAsync(12));
        Assert.Equal("SIP/2.0 200 ", head);
        Assert.Equal(1, server.Counters.ConnectionsClosedOnError);
    }

    [Fact]
    public async Task A_message_that_never_completes_is_cut_off_by_the_message_timeout()
    {
        var options = new SipTransportOptions { MessageTimeout = TimeSpan.FromMilliseconds(300) };
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, _ => { }, options);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);

        // Slowloris: a start line, then nothing.
        await raw.WriteAsync("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP x"u8.ToArray());

        Assert.True(await raw.ClosedByPeerAsync());
        Assert.Equal(1, server.Counters.ConnectionsClosedOnError);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_but_keep_alives_do_not_start_the_message_clock()
    {
        var options = new SipTransportOptions { IdleTimeout = TimeSpan.FromMilliseconds(400), MessageTimeout = TimeSpan.FromMilliseconds(100) };
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, _ => { }, options);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);
        await raw.WriteAsync("\r\n\r\n"u8.ToArray());
        Assert.Equal("\r\n"u8.ToArray(), await raw.ReadExactlyAsync(2));

        Assert.True(await raw.ClosedByPeerAsync());
        Assert.Equal(0, server.Counters.ConnectionsClosedOnError); // idle is a normal close
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task A_well_framed_but_invalid_message_is_dropped_and_the_connection_stays()
    {
        var inbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTcp(AnyLoopback, inbox.Handler);
        using var raw = await RawTcp.ConnectAsync(server.LocalEndPoint);

        await raw.WriteAsync("REGISTER sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n"u8.ToArray()); // no Via, From, To ...
        await raw.WriteAsync(TestRequests.RegisterBytes(SipTransportKind.Tcp, raw.LocalEndPoint, "z9hG4bK-next"));

        Assert.Equal("z9hG4bK-next", (await inbox.NextAsync()).Message.TopVia!.Branch);
        Assert.Equal(1, server.Counters.ParseErrors);
        Assert.Equal(0, server.Counters.ConnectionsClosedOnError);
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_is_a_transport_error()
    {
        await using var client = SipStreamTransport.ListenTcp(AnyLoopback, _ => { });
        int closedPort;
        using (var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            closedPort = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        var request = TestRequests.Register(SipTransportKind.Tcp, client.LocalEndPoint, "z9hG4bK-refused");

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(
            async () => await client.SendAsync(request, new IPEndPoint(IPAddress.Loopback, closedPort)));
        Assert.Equal(1, client.Counters.SendErrors);
        Assert.Equal(0, client.ConnectionCount);
    }
}
