using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Tests.Transport;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;
using static ActorSip.Sip.Tests.Transactions.TransactionTestMessages;

namespace ActorSip.Sip.Tests.Transactions;

/// <summary>Transactions over real sockets on loopback: virtual time for the timers, real datagrams and streams.</summary>
public sealed class TransactionSocketTests
{
    private static readonly IPEndPoint Loopback0 = new(IPAddress.Loopback, 0);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task Over_udp_a_silent_server_sees_Timer_E_retransmissions_at_the_exact_times_and_Timer_F_times_out()
    {
        var time = new ManualTimeProvider();
        await using var transports = new SipTransportLayer();
        transports.AddUdp(Loopback0);
        var layer = new SipTransactionLayer(transports, SipTimers.Default, time);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(Loopback0);

        var request = Request(SipMethods.Register);
        var result = layer.SendRequestAsync(request, (IPEndPoint)silent.LocalEndPoint!, SipTransportKind.Udp);

        TimeSpan[] expected = [S(0), S(0.5), S(1.5), S(3.5), S(7.5), S(11.5), S(15.5), S(19.5), S(23.5), S(27.5), S(31.5)];
        var seen = new List<TimeSpan>();
        var buffer = new byte[65535];
        foreach (var at in expected)
        {
            if (at > TimeSpan.Zero)
            {
                time.AdvanceTo(at - TimeSpan.FromMilliseconds(1));
                Assert.False(silent.Poll(50_000, SelectMode.SelectRead), $"a datagram arrived before {at}");
                time.AdvanceTo(at);
            }
            using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
            var n = await silent.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var datagram = (SipRequest)SipMessage.Parse(buffer.AsMemory(0, n).ToArray());
            Assert.Equal(request.TopVia!.Branch, datagram.TopVia!.Branch);
            seen.Add(time.Elapsed);
        }
        Assert.Equal(expected, seen);

        time.AdvanceTo(S(31.999));
        Assert.False(result.IsCompleted);
        time.AdvanceTo(S(32));
        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(MessageInbox.DefaultWait)).Outcome);
        time.AdvanceTo(S(60));
        Assert.False(silent.Poll(50_000, SelectMode.SelectRead));
        Assert.Equal(expected.Length, transports.Transports[0].Counters.Sent);
    }

    [Fact]
    public async Task Over_tcp_a_silent_server_gets_the_request_once_and_Timer_F_times_out()
    {
        var time = new ManualTimeProvider();
        await using var transports = new SipTransportLayer();
        transports.AddTcp(Loopback0);
        var layer = new SipTransactionLayer(transports, SipTimers.Default, time);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var result = layer.SendRequestAsync(Request(SipMethods.Register), (IPEndPoint)silent.LocalEndpoint, SipTransportKind.Tcp);
        using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
        using var accepted = await silent.AcceptTcpClientAsync(cts.Token);
        var stream = accepted.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[65535];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            received.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer, cts.Token)));

        for (var second = 1; second < 32; second++) time.AdvanceTo(S(second));
        Assert.False(result.IsCompleted);
        time.AdvanceTo(S(32));
        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(MessageInbox.DefaultWait)).Outcome);

        Assert.False(accepted.Client.Poll(100_000, SelectMode.SelectRead), "a retransmission arrived over TCP");
        Assert.Equal(1, received.ToString().Split("REGISTER sip:").Length - 1);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp, "127.0.0.1")]
    [InlineData(SipTransportKind.Tcp, "127.0.0.1")]
    [InlineData(SipTransportKind.Udp, "::1")]
    [InlineData(SipTransportKind.Tcp, "::1")]
    public async Task A_client_layer_gets_the_final_response_a_server_TU_gives(SipTransportKind kind, string address)
    {
        var ip = IPAddress.Parse(address);
        await using var serverTransports = new SipTransportLayer();
        var (serverUdp, _) = serverTransports.AddUdpAndTcp(new IPEndPoint(ip, 0));
        var server = new SipTransactionLayer(serverTransports)
        {
            RequestReceived = r => _ = r.RespondAsync(200, "OK", "srv"),
        };
        await using var clientTransports = new SipTransportLayer();
        clientTransports.AddUdpAndTcp(new IPEndPoint(ip, 0));
        var client = new SipTransactionLayer(clientTransports);
        var provisional = 0;

        var request = Request(SipMethods.Register);
        var result = await client.SendRequestAsync(request, serverUdp.LocalEndPoint, kind, onProvisional: _ => provisional++)
            .WaitAsync(MessageInbox.DefaultWait);

        Assert.Equal(ClientTransactionOutcome.Response, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("srv", result.Response!.To!.Tag);
        Assert.Equal(kind.ToString().ToUpperInvariant(), request.TopVia!.Transport);
        Assert.Equal(SipAddressText.Host(ip), request.TopVia.Host);
        Assert.Equal(0, provisional);
        // Timer J keeps the UDP server transaction to absorb retransmissions; over TCP it ended with the 200.
        Assert.Equal(kind == SipTransportKind.Udp ? 1 : 0, server.ServerTransactionCount);
    }

    [Fact]
    public async Task Over_udp_a_retransmitted_request_gets_the_same_response_and_reaches_the_TU_once()
    {
        await using var transports = new SipTransportLayer();
        var udp = transports.AddUdp(Loopback0);
        var calls = 0;
        var layer = new SipTransactionLayer(transports)
        {
            RequestReceived = r =>
            {
                Interlocked.Increment(ref calls);
                _ = r.RespondAsync(200, "OK", "once");
            },
        };
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(Loopback0);
        var bytes = TestRequests.RegisterBytes(SipTransportKind.Udp, (IPEndPoint)peer.LocalEndPoint!, "z9hG4bK-twice");
        var buffer = new byte[65535];
        var answers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await peer.SendToAsync(bytes, udp.LocalEndPoint);
            using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
            var n = await peer.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            answers.Add(Encoding.ASCII.GetString(buffer, 0, n));
        }

        Assert.Equal(1, calls);
        Assert.Equal(answers[0], answers[1]);
        Assert.StartsWith("SIP/2.0 200 OK", answers[0]);
        Assert.Contains(";tag=once", answers[0]);
        Assert.Equal(1, layer.ServerTransactionCount);
    }
}
