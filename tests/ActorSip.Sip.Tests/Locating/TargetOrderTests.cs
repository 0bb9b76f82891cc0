using System.Net;
using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

public sealed class TargetOrderTests
{
    private static SipTarget T(string address, int port = 5060, int priority = 10, int weight = 50) =>
        new(new IPEndPoint(IPAddress.Parse(address), port), SipTransportKind.Udp, "sip.example.test", priority, weight);

    [Fact]
    public void The_same_servers_in_another_weighted_order_keep_their_numbers()
    {
        IReadOnlyList<SipTarget> before = [T("192.0.2.1"), T("192.0.2.2")];
        Assert.Same(before, TargetOrder.Keep(before, [T("192.0.2.2"), T("192.0.2.1")]));
    }

    [Fact]
    public void Changed_records_take_the_new_order()
    {
        IReadOnlyList<SipTarget> before = [T("192.0.2.1"), T("192.0.2.2")];
        IReadOnlyList<SipTarget> moved = [T("192.0.2.2"), T("192.0.2.1", 5070)];
        IReadOnlyList<SipTarget> grown = [T("192.0.2.2"), T("192.0.2.1"), T("192.0.2.3")];
        Assert.Same(moved, TargetOrder.Keep(before, moved));
        Assert.Same(grown, TargetOrder.Keep(before, grown));
        Assert.Same(grown, TargetOrder.Keep(null, grown));
    }
}
