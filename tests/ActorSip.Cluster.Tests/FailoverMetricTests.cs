using System.Diagnostics.Metrics;
using Akka.Actor;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Metrics;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Tests;

/// <summary>actorsip.failover.bindings counts a binding restarted from its journal whose last registration was made
/// from another node's Contact; a restart on the same node (same Contact) is not a failover.</summary>
public sealed class FailoverMetricTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_binding_recovered_on_another_node_counts_one_failover_and_a_restart_on_the_same_node_none()
    {
        // A registrar id of its own: the counter is process-wide and other tests run at the same time.
        var spec = Samples.Spec with { Registrar = Samples.Spec.Registrar with { Id = "failover-metric" } };
        using var counted = new FailoverCounter(spec.Registrar.Id);

        Run(spec, "n1");
        Assert.Equal(0, counted.Total);
        Run(spec, "n1");
        Assert.Equal(0, counted.Total);
        Run(spec, "n2");
        Assert.Equal(1, counted.Total);
    }

    /// <summary>One node life: the binding starts (configured the first time, recovered after), registers, the node stops.</summary>
    private void Run(BindingSpec spec, string nodeName)
    {
        using var node = new Node(_dir.Path);
        var sent = node.Probe();
        var binding = node.Sys.ActorOf(BindingActor.Props(spec.BindingId, new FakeRegistrationRuntime(sent, nodeName)), "b");
        binding.Tell(new BindingCommands.Configure(spec));
        sent.ExpectMsg<RegistrationEffect.SendRegister>(Node.Timeout);
        sent.AwaitAssert(() => Assert.Equal(BindingPhase.Registered,
            binding.Ask<BindingQueries.Status>(new BindingQueries.GetStatus(""), Node.Timeout).GetAwaiter().GetResult().Phase), Node.Timeout);
    }

    private sealed class FailoverCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public FailoverCounter(string registrar)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ActorSipMetrics.MeterName && instrument.Name == "actorsip.failover.bindings")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "registrar" && Equals(tag.Value, registrar)) Interlocked.Add(ref _total, value);
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
