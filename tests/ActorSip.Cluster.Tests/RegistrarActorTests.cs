using Akka.Actor;
using ActorSip.Cluster.Registrars;

namespace ActorSip.Cluster.Tests;

public sealed class RegistrarActorTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Configuration_survives_a_restart_and_health_counts_the_reported_outcomes()
    {
        using (var node = new Node(_dir.Path))
        {
            var probe = node.Probe();
            var registrar = node.Sys.ActorOf(RegistrarActor.Props("1"));
            registrar.Tell(new RegistrarCommands.Configure(Samples.Spec.Registrar));
            registrar.Tell(new RegistrarCommands.ReportOutcome("1", "tls:192.0.2.1:5061", 401, Samples.At));
            registrar.Tell(new RegistrarCommands.ReportOutcome("1", "tls:192.0.2.1:5061", 200, Samples.At.AddSeconds(1)));
            registrar.Tell(new RegistrarCommands.ReportOutcome("1", "tls:192.0.2.1:5061", 503, Samples.At.AddSeconds(2)));
            registrar.Tell(new RegistrarQueries.GetStatus("1"), probe.Ref);
            var status = probe.ExpectMsg<RegistrarQueries.Status>(Node.Timeout);
            Assert.True(status.Configured);
            Assert.Equal("dns:reg.example.com:5061", status.Target);
            Assert.Equal("tls", status.Transport);
            Assert.Equal((1L, 1L), (status.Successes, status.Failures)); // a challenge is neither
            Assert.Equal(503, status.LastStatus);
            Assert.Equal(Samples.At.AddSeconds(1), status.LastSuccess);
        }
        using (var restarted = new Node(_dir.Path))
        {
            var probe = restarted.Probe();
            var registrar = restarted.Sys.ActorOf(RegistrarActor.Props("1"));
            registrar.Tell(new RegistrarQueries.GetStatus("1"), probe.Ref);
            var status = probe.ExpectMsg<RegistrarQueries.Status>(Node.Timeout);
            Assert.True(status.Configured);
            Assert.Equal(3600, status.Expires);
            Assert.Equal(0, status.Successes); // health is live state, not journal
            registrar.Tell(new RegistrarCommands.Remove("1"));
            registrar.Tell(new RegistrarQueries.GetStatus("1"), probe.Ref);
            Assert.False(probe.ExpectMsg<RegistrarQueries.Status>(Node.Timeout).Configured);
        }
    }
}
