using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Tests.Transactions;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class SipSentByTests
{
    private static readonly IPEndPoint V4Target = new(IPAddress.Parse("198.51.100.7"), 5060);
    private static readonly IPEndPoint V6Target = new(IPAddress.Parse("2001:db8::7"), 5060);

    /// <summary>Listeners by family, as a transport layer reports them.</summary>
    private sealed class Listeners(IPEndPoint? v4, IPEndPoint? v6) : ISipMessageSender
    {
        public ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, CancellationToken ct = default) =>
            ValueTask.CompletedTask;

        public IPEndPoint? LocalEndPointFor(SipTransportKind kind, AddressFamily family) =>
            family == AddressFamily.InterNetwork ? v4 : v6;
    }

    private static List<SipAdvertisedAddress> Advertise(string text)
    {
        Assert.True(SipAdvertisedAddress.TryParseList(text, out var list, out var error), error);
        return [.. list];
    }

    [Fact]
    public void A_bound_address_is_used_as_it_is()
    {
        var sentBy = new SipSentBy(new Listeners(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5070), null), sourceToward: _ => throw new InvalidOperationException("not asked"));
        Assert.Equal(("192.0.2.1", 5070), sentBy.For(SipTransportKind.Udp, V4Target));
        Assert.Null(sentBy.For(SipTransportKind.Udp, V6Target)); // no IPv6 listener
    }

    [Fact]
    public void A_wildcard_listener_gives_the_source_address_toward_each_target_asked_once_per_target()
    {
        var asked = new List<IPAddress>();
        IPAddress? Route(IPAddress target)
        {
            asked.Add(target);
            return target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Parse("10.0.0.5") : IPAddress.Parse("fd00::5");
        }
        var sentBy = new SipSentBy(new Listeners(new IPEndPoint(IPAddress.Any, 5060), new IPEndPoint(IPAddress.IPv6Any, 5062)), sourceToward: Route);

        Assert.Equal(("10.0.0.5", 5060), sentBy.For(SipTransportKind.Udp, V4Target));
        Assert.Equal(("10.0.0.5", 5060), sentBy.For(SipTransportKind.Tcp, new IPEndPoint(V4Target.Address, 5099)));
        Assert.Equal(("[fd00::5]", 5062), sentBy.For(SipTransportKind.Udp, V6Target));
        Assert.Equal([V4Target.Address, V6Target.Address], asked);
    }

    [Fact]
    public void Without_a_route_a_wildcard_listener_still_never_names_the_wildcard()
    {
        var sentBy = new SipSentBy(new Listeners(new IPEndPoint(IPAddress.Any, 5060), null), sourceToward: _ => null);
        Assert.Equal(("127.0.0.1", 5060), sentBy.For(SipTransportKind.Udp, V4Target));
        var wildcard = new SipSentBy(new Listeners(new IPEndPoint(IPAddress.Any, 5060), null), sourceToward: _ => IPAddress.Any);
        Assert.Equal(("127.0.0.1", 5060), wildcard.For(SipTransportKind.Udp, V4Target));
    }

    [Fact]
    public void An_advertised_address_of_the_targets_family_wins_and_takes_the_listeners_port_when_it_has_none()
    {
        var listeners = new Listeners(new IPEndPoint(IPAddress.Any, 5060), new IPEndPoint(IPAddress.IPv6Any, 5062));
        var sentBy = new SipSentBy(listeners, Advertise("[2001:db8::10]:6000,192.0.2.10"), _ => throw new InvalidOperationException("not asked"));
        Assert.Equal(("192.0.2.10", 5060), sentBy.For(SipTransportKind.Udp, V4Target));
        Assert.Equal(("[2001:db8::10]", 6000), sentBy.For(SipTransportKind.Udp, V6Target));

        // A name serves every family; an IPv4 address alone leaves IPv6 targets to the route.
        var named = new SipSentBy(listeners, Advertise("sip.example.com:5999"), _ => throw new InvalidOperationException("not asked"));
        Assert.Equal(("sip.example.com", 5999), named.For(SipTransportKind.Udp, V6Target));
        var v4Only = new SipSentBy(listeners, Advertise("192.0.2.10:5999"), _ => IPAddress.Parse("fd00::5"));
        Assert.Equal(("[fd00::5]", 5062), v4Only.For(SipTransportKind.Udp, V6Target));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void The_operating_systems_source_address_toward_loopback_is_loopback(string target)
    {
        Assert.Equal(IPAddress.Parse(target), SipSentBy.SourceAddressToward(IPAddress.Parse(target)));
    }

    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1")]
    [InlineData("::", "::1")]
    public async Task A_request_from_a_wildcard_listener_carries_the_routed_address_in_its_Via(string bind, string peer)
    {
        await using var transports = new SipTransportLayer();
        var (udp, _) = transports.AddUdpAndTcp(new IPEndPoint(IPAddress.Parse(bind), 0));
        var client = new SipTransactionLayer(transports);
        using var server = new Socket(IPAddress.Parse(peer).AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Parse(peer), 0));

        var request = TransactionTestMessages.Request(SipMethods.Register);
        using var cts = new CancellationTokenSource();
        _ = client.SendRequestAsync(request, (IPEndPoint)server.LocalEndPoint!, SipTransportKind.Udp, cts.Token);
        var buffer = new byte[65535];
        var n = await server.ReceiveAsync(buffer).WaitAsync(MessageInbox.DefaultWait);
        await cts.CancelAsync();

        var received = (SipRequest)SipMessage.Parse(buffer.AsMemory(0, n));
        Assert.Equal(SipAddressText.Host(IPAddress.Parse(peer)), received.TopVia!.Host);
        Assert.Equal(udp.LocalEndPoint.Port, received.TopVia.Port);
    }

    [Fact]
    public async Task A_request_carries_the_advertised_address_in_its_Via()
    {
        await using var transports = new SipTransportLayer();
        transports.AddUdpAndTcp(new IPEndPoint(IPAddress.Any, 0));
        var client = new SipTransactionLayer(transports);
        client.SentBy = new SipSentBy(transports, Advertise("192.0.2.10:5999"));
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        using var cts = new CancellationTokenSource();
        _ = client.SendRequestAsync(TransactionTestMessages.Request(SipMethods.Register), (IPEndPoint)server.LocalEndPoint!, SipTransportKind.Udp, cts.Token);
        var buffer = new byte[65535];
        var n = await server.ReceiveAsync(buffer).WaitAsync(MessageInbox.DefaultWait);
        await cts.CancelAsync();

        var via = ((SipRequest)SipMessage.Parse(buffer.AsMemory(0, n))).TopVia!;
        Assert.Equal(("192.0.2.10", 5999), (via.Host, via.Port));
        Assert.True(via.HasRport); // responses still find their way back to the real source
    }
}
