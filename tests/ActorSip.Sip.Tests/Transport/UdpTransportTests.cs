using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class UdpTransportTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Register_and_200_are_exchanged_between_two_endpoints(string address)
    {
        var ip = IPAddress.Parse(address);
        var clientInbox = new MessageInbox();
        var serverInbox = new MessageInbox();
        await using var client = SipUdpTransport.Bind(new IPEndPoint(ip, 0), clientInbox.Handler);
        await using var server = SipUdpTransport.Bind(new IPEndPoint(ip, 0), serverInbox.Handler);
        Assert.Equal(ip, client.LocalEndPoint.Address);
        Assert.NotEqual(0, server.LocalEndPoint.Port);

        var register = TestRequests.Register(SipTransportKind.Udp, client.LocalEndPoint, "z9hG4bK-udp-1");
        await client.SendAsync(register, server.LocalEndPoint);

        var arrived = await serverInbox.NextAsync();
        var request = Assert.IsType<SipRequest>(arrived.Message);
        Assert.Equal(SipMethods.Register, request.Method);
        Assert.Equal(client.LocalEndPoint, arrived.Remote);
        Assert.Equal(SipTransportKind.Udp, arrived.Transport);
        // RFC 3581: rport present, so the server fills it and adds received.
        Assert.Equal(client.LocalEndPoint.Port, request.TopVia!.Rport);
        Assert.Equal(SipAddressText.Bare(ip), request.TopVia.Received);

        await server.SendAsync(SipResponse.For(request, 200, "OK", toTag: "t1"), arrived.Remote);
        var answer = await clientInbox.NextAsync();
        var ok = Assert.IsType<SipResponse>(answer.Message);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("z9hG4bK-udp-1", ok.TopVia!.Branch);
        Assert.Equal("t1", ok.To!.Tag);
        Assert.Equal(1, server.Counters.Received);
        Assert.Equal(1, client.Counters.Received);
    }

    [Fact]
    public async Task Received_is_added_when_the_sent_by_host_is_not_the_source_and_rport_is_absent()
    {
        var inbox = new MessageInbox();
        await using var server = SipUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        raw.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var text = System.Text.Encoding.ASCII.GetString(
                TestRequests.RegisterBytes(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5062), "z9hG4bK-nat"))
            .Replace(";rport", "", StringComparison.Ordinal);
        await raw.SendToAsync(System.Text.Encoding.ASCII.GetBytes(text), server.LocalEndPoint);

        var request = (SipRequest)(await inbox.NextAsync()).Message;
        Assert.Equal("127.0.0.1", request.TopVia!.Received);
        Assert.False(request.TopVia.HasRport);
        Assert.Equal("192.0.2.10", request.TopVia.Host);
    }

    [Fact]
    public async Task Garbage_datagrams_are_counted_and_dropped_and_the_socket_keeps_serving()
    {
        var inbox = new MessageInbox();
        await using var server = SipUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        raw.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var local = (IPEndPoint)raw.LocalEndPoint!;
        var random = new Random(1234);
        const int batches = 20, perBatch = 100;
        for (var b = 0; b < batches; b++)
        {
            for (var i = 0; i < perBatch; i++)
            {
                var bytes = new byte[random.Next(1, 1400)];
                random.NextBytes(bytes);
                if (bytes[0] is (byte)'\r' or (byte)'\n') bytes[0] = 0; // bare line breaks are keep-alives, not garbage
                await raw.SendToAsync(bytes, server.LocalEndPoint);
            }
            // The socket works in order: once this valid request is through, the batch before it has been handled.
            // Batches stay well under the socket buffer, so the kernel drops none of them.
            var branch = $"z9hG4bK-probe-{b}";
            await raw.SendToAsync(TestRequests.RegisterBytes(SipTransportKind.Udp, local, branch), server.LocalEndPoint);
            Assert.Equal(branch, (await inbox.NextAsync()).Message.TopVia!.Branch);
        }
        // Half-valid messages too: a start line and nothing else, a request without mandatory headers.
        await raw.SendToAsync("REGISTER sip:x SIP/2.0\r\n"u8.ToArray(), server.LocalEndPoint);
        await raw.SendToAsync("REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP x\r\n\r\n"u8.ToArray(), server.LocalEndPoint);

        await raw.SendToAsync(TestRequests.RegisterBytes(SipTransportKind.Udp, local, "z9hG4bK-after-garbage"), server.LocalEndPoint);
        var arrived = await inbox.NextAsync();
        Assert.Equal("z9hG4bK-after-garbage", arrived.Message.TopVia!.Branch);

        Assert.Equal(batches * perBatch + 2, server.Counters.ParseErrors);
        Assert.Equal(server.Counters.ParseErrors, server.Counters.Dropped);
        Assert.Equal(batches + 1, server.Counters.Received);

        await server.SendAsync(SipResponse.For((SipRequest)arrived.Message, 200, "OK"), arrived.Remote);
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
        var got = await raw.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        var response = (SipResponse)SipMessage.Parse(buffer.AsMemory(0, got.ReceivedBytes).ToArray());
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Sending_to_a_closed_port_does_not_stop_the_receive_loop()
    {
        var inbox = new MessageInbox();
        await using var server = SipUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), inbox.Handler);
        int closedPort;
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)s.LocalEndPoint!).Port;
        }
        var register = TestRequests.Register(SipTransportKind.Udp, server.LocalEndPoint, "z9hG4bK-icmp");
        for (var i = 0; i < 3; i++) await server.SendAsync(register, new IPEndPoint(IPAddress.Loopback, closedPort));

        await using var peer = SipUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), _ => { });
        await peer.SendAsync(TestRequests.Register(SipTransportKind.Udp, peer.LocalEndPoint, "z9hG4bK-still-alive"), server.LocalEndPoint);
        Assert.Equal("z9hG4bK-still-alive", (await inbox.NextAsync()).Message.TopVia!.Branch);
    }
}
