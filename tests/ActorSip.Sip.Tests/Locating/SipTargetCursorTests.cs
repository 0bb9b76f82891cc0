using System.Net;
using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

public sealed class SipTargetCursorTests
{
    private static SipTarget Target(string address, int priority) =>
        new(new IPEndPoint(IPAddress.Parse(address), 5060), SipTransportKind.Udp, "sip.example.com", priority, 0);

    [Fact]
    public void Walks_the_targets_in_order_then_reports_exhaustion()
    {
        var targets = new[] { Target("192.0.2.1", 10), Target("192.0.2.2", 10), Target("192.0.2.3", 20) };
        var cursor = new SipTargetCursor(targets);

        var seen = new List<SipTarget>();
        do
        {
            seen.Add(cursor.Current!);
        }
        while (cursor.Next());

        Assert.Equal(targets, seen);
        Assert.True(cursor.IsExhausted);
        Assert.Null(cursor.Current);
        Assert.False(cursor.Next());
        Assert.Equal(3, cursor.Position);
    }

    [Fact]
    public void Reset_starts_again_from_the_top_of_the_new_list()
    {
        var cursor = new SipTargetCursor([Target("192.0.2.1", 10), Target("192.0.2.2", 20)]);
        Assert.True(cursor.Next());
        Assert.Equal(IPAddress.Parse("192.0.2.2"), cursor.Current!.EndPoint.Address);

        var fresh = new[] { Target("198.51.100.1", 5), Target("198.51.100.2", 6) };
        cursor.Reset(fresh);

        Assert.Equal(0, cursor.Position);
        Assert.Same(fresh[0], cursor.Current);
        Assert.False(cursor.IsExhausted);
        Assert.Equal(2, cursor.Count);
    }

    [Fact]
    public void An_empty_cursor_has_nothing_to_offer()
    {
        var cursor = new SipTargetCursor();

        Assert.Null(cursor.Current);
        Assert.True(cursor.IsExhausted);
        Assert.False(cursor.Next());
    }
}
