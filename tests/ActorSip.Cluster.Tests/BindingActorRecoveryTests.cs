using Akka.Actor;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Mailboxes;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Tests;

public sealed class BindingActorRecoveryTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Also with the node's entity mailbox: recovery stashes and unstashes (prepends) every message that
    /// arrives meanwhile, which is what the compact queue must get right.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Recovered_binding_keeps_its_spec_and_call_id_and_registers_above_the_cseq_reservation(bool entityMailbox)
    {
        var spec = Samples.Spec;
        Props Binding(FakeRegistrationRuntime runtime)
        {
            var props = BindingActor.Props(spec.BindingId, runtime);
            return entityMailbox ? props.WithMailbox(EntityMailbox.ConfigPath) : props;
        }
        uint firstCSeq;
        BindingQueries.Status before;
        using (var node = new Node(_dir.Path))
        {
            var sent = node.Probe();
            var binding = node.Sys.ActorOf(Binding(new FakeRegistrationRuntime(sent, "n1")), "b");
            binding.Tell(new BindingCommands.Configure(spec));
            firstCSeq = sent.ExpectMsg<RegistrationEffect.SendRegister>(Node.Timeout).CSeq;
            var cell = Assert.IsType<ActorCell>(((ActorRefWithCell)binding).Underlying); // started by now
            var queue = cell.Mailbox?.MessageQueue;
            Assert.NotNull(queue);
            Assert.Equal(entityMailbox, queue is CompactDequeMessageQueue);
            before = AwaitRegistered(sent, binding);
        }

        using (var node = new Node(_dir.Path))
        {
            // Nobody sends Configure: the spec, the Call-ID and the reservation come from SQLite.
            var sent = node.Probe();
            var binding = node.Sys.ActorOf(Binding(new FakeRegistrationRuntime(sent, "n2")), "b");
            // Asked during recovery: stashed, then unstashed through the mailbox's prepend.
            var early = binding.Ask<BindingQueries.Status>(new BindingQueries.GetStatus(""), Node.Timeout);
            var again = sent.ExpectMsg<RegistrationEffect.SendRegister>(Node.Timeout);

            var events = Query.CurrentEvents(node.Sys, "binding-" + spec.BindingId);
            var configured = Assert.IsType<BindingEvents.Configured>(events[0].Event);
            Assert.Equal(spec, configured.Spec);
            var reservedBeforeRestart = events.Select(e => e.Event).OfType<BindingEvent.CSeqReserved>().First().UpTo;
            Assert.True(firstCSeq <= reservedBeforeRestart);
            Assert.True(again.CSeq > reservedBeforeRestart, $"CSeq {again.CSeq} must be above the reservation {reservedBeforeRestart}");
            Assert.Equal(spec.Registrar.Expires, again.Expires);

            Assert.Equal(before.CallId, (await early).CallId);
            var after = AwaitRegistered(sent, binding);
            Assert.Equal(before.CallId, after.CallId);
            Assert.Equal((spec.Endpoint, spec.Registrar.Id, "n2"), (after.Endpoint, after.RegistrarId, after.Node));
        }
    }

    private static BindingQueries.Status AwaitRegistered(Akka.TestKit.TestProbe probe, IActorRef binding)
    {
        BindingQueries.Status? status = null;
        probe.AwaitAssert(() =>
        {
            status = binding.Ask<BindingQueries.Status>(new BindingQueries.GetStatus(""), Node.Timeout).GetAwaiter().GetResult();
            Assert.Equal(BindingPhase.Registered, status.Phase);
        }, Node.Timeout);
        return status!;
    }
}
