using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class ListenerRobustnessTests
{
    [Fact]
    public async Task After_thousands_of_garbage_datagrams_and_hundreds_of_garbage_streams_a_REGISTER_still_gets_its_200()
    {
        await using var serverTransports = new SipTransportLayer();
        var (udp, tcp) = serverTransports.AddUdpAndTcp(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(udp.LocalEndPoint, tcp.LocalEndPoint);
        var server = new SipTransactionLayer(serverTransports) { RequestReceived = r => _ = r.RespondAsync(200, "OK", "alive") };
        var random = new Random(4475);

        // UDP: 2,000 random datagrams in batches small enough for the socket buffer; a valid request after each
        // batch proves the batch was handled (the socket works in order) before the next one goes.
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        raw.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var rawLocal = (IPEndPoint)raw.LocalEndPoint!;
        var reply = new byte[65535];
        const int batches = 20, perBatch = 100;
        for (var b = 0; b < batches; b++)
        {
            for (var i = 0; i < perBatch; i++)
            {
                var bytes = new byte[random.Next(1, 1400)];
                random.NextBytes(bytes);
                if (bytes[0] is (byte)'\r' or (byte)'\n') bytes[0] = 0xFF; // all line breaks would be a keep-alive
                await raw.SendToAsync(bytes, udp.LocalEndPoint);
            }
            await raw.SendToAsync(TestRequests.RegisterBytes(SipTransportKind.Udp, rawLocal, $"z9hG4bK-probe-{b}"), udp.LocalEndPoint);
            using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
            var n = await raw.ReceiveAsync(reply, SocketFlags.None, cts.Token);
            Assert.Equal(200, ((SipResponse)SipMessage.Parse(reply.AsMemory(0, n).ToArray())).StatusCode);
        }

        // TCP: 200 connections, each sending random bytes; each is closed by the server, which keeps accepting.
        const int streams = 200;
        for (var group = 0; group < streams / 20; group++)
        {
            var closed = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                var bytes = new byte[2000];
                lock (random) random.NextBytes(bytes);
                using var conn = await RawTcp.ConnectAsync(tcp.LocalEndPoint);
                await conn.WriteAsync(bytes);
                return await conn.ClosedByPeerAsync();
            }));
            Assert.All(closed, Assert.True);
        }

        await using var clientTransports = new SipTransportLayer();
        clientTransports.AddUdpAndTcp(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new SipTransactionLayer(clientTransports);
        foreach (var kind in new[] { SipTransportKind.Udp, SipTransportKind.Tcp })
        {
            var result = await client.SendRequestAsync(Transactions.TransactionTestMessages.Request(SipMethods.Register), udp.LocalEndPoint, kind)
                .WaitAsync(MessageInbox.DefaultWait);
            Assert.Equal(200, result.StatusCode);
            Assert.Equal("alive", result.Response!.To!.Tag);
        }

        Assert.Equal(batches * perBatch, udp.Counters.ParseErrors);
        Assert.Equal(batches * perBatch, udp.Counters.Dropped);
        Assert.Equal(batches + 1, udp.Counters.Received);
        Assert.Equal(streams, tcp.Counters.ConnectionsClosedOnError);
        Assert.Equal(streams + 1, tcp.Counters.ConnectionsAccepted);
        Assert.Equal(1, tcp.Counters.Received);
    }
}
