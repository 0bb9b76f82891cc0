using Akka.Actor;
using ActorSip.Cluster.Supervision;

namespace ActorSip.Cluster.Tests;

public sealed class BackoffPropsTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = OFF")
{
    [Fact]
    public void Crashing_child_is_started_again_and_gets_later_messages()
    {
        var probe = CreateTestProbe();
        var supervisor = Sys.ActorOf(BackoffProps.WithBackoff(
            Props.Create(() => new Crasher(probe.Ref)), "child", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200), 0.1));

        var first = probe.ExpectMsg<Crasher.Started>(TimeSpan.FromSeconds(5));
        supervisor.Tell("crash");
        var second = probe.ExpectMsg<Crasher.Started>(TimeSpan.FromSeconds(5));
        Assert.NotEqual(first.Instance, second.Instance);

        // The supervisor forwards to the new child.
        supervisor.Tell("ping", probe.Ref);
        probe.ExpectMsg("pong", TimeSpan.FromSeconds(5));
    }

    private sealed class Crasher : ReceiveActor
    {
        public sealed record Started(Guid Instance);

        private readonly IActorRef _probe;

        public Crasher(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong"));
        }

        protected override void PreStart() => _probe.Tell(new Started(Guid.NewGuid()));
    }
}
