using Akka.Actor;
using ActorSip.Cluster.Configuration;

namespace ActorSip.Cluster.Tests;

public sealed class PacedAsksTests : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>Owns a PacedAsks as the trunk-config singleton does, and reports each answer to the test.</summary>
    private sealed class Owner : ReceiveActor
    {
        private readonly PacedAsks _asks;

        public Owner(IActorRef target, IActorRef report, int limit, TimeSpan timeout)
        {
            _asks = new PacedAsks(limit, timeout);
            Receive<string>(m =>
            {
                if (m.StartsWith("tell ", StringComparison.Ordinal)) _asks.EnqueueTell(target, m);
                else _asks.Enqueue(target, m, error => report.Tell(error ?? "answered " + m));
                _asks.Pump(Self);
            });
            Receive<PacedAsks.Answered>(a => _asks.OnAnswered(a, Self));
        }
    }

    [Fact]
    public void At_most_the_limit_is_unanswered_and_everything_goes_out_in_order()
    {
        var target = CreateTestProbe();
        var report = CreateTestProbe();
        var owner = Sys.ActorOf(Props.Create(() => new Owner(target.Ref, report.Ref, 2, TimeSpan.FromSeconds(10))));
        foreach (var m in new[] { "a", "b", "tell x", "c" }) owner.Tell(m);

        Assert.Equal("a", target.ExpectMsg<string>());
        var senderOfA = target.LastSender;
        Assert.Equal("b", target.ExpectMsg<string>());
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // two unanswered: the rest waits, the tell too

        senderOfA.Tell("ok");
        report.ExpectMsg("answered a");
        Assert.Equal("tell x", target.ExpectMsg<string>()); // in its place, taking none
        Assert.Equal("c", target.ExpectMsg<string>());
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void An_unanswered_ask_reports_its_timeout_and_frees_its_place()
    {
        var target = CreateTestProbe();
        var report = CreateTestProbe();
        var owner = Sys.ActorOf(Props.Create(() => new Owner(target.Ref, report.Ref, 1, TimeSpan.FromMilliseconds(200))));
        owner.Tell("a");
        owner.Tell("b");
        target.ExpectMsg("a");
        Assert.Contains("Timeout", report.ExpectMsg<string>(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        target.ExpectMsg("b");
    }
}
