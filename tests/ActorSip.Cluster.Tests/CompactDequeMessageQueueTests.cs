using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using ActorSip.Cluster.Mailboxes;

namespace ActorSip.Cluster.Tests;

public sealed class CompactDequeMessageQueueTests
{
    private static Envelope E(int n) => new(n, ActorRefs.NoSender);

    private static List<object> Drain(IMessageQueue queue)
    {
        var got = new List<object>();
        while (queue.TryDequeue(out var e)) got.Add(e.Message);
        return got;
    }

    [Fact]
    public void Keeps_order_while_it_grows_and_wraps_around()
    {
        var queue = new CompactDequeMessageQueue();
        var expected = new List<object>();
        var next = 0;
        // Interleave so the head moves before the buffer grows: growth must copy a wrapped ring in order.
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 3 + round * 7; i++) queue.Enqueue(ActorRefs.Nobody, E(next++));
            for (var i = 0; i < 2; i++)
            {
                Assert.True(queue.TryDequeue(out var e));
                expected.Add(e.Message);
            }
        }
        Assert.Equal(next - expected.Count, queue.Count);
        Assert.True(queue.HasMessages);
        expected.AddRange(Drain(queue));
        Assert.Equal(Enumerable.Range(0, next).Cast<object>(), expected);
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void A_prepended_message_comes_first_the_last_prepended_before_the_others()
    {
        var queue = new CompactDequeMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, E(10));
        queue.Enqueue(ActorRefs.Nobody, E(11));
        // How a stash is unstashed: the newest stashed message is prepended first, the oldest last.
        foreach (var n in new[] { 3, 2, 1 }) queue.EnqueueFirst(E(n));
        queue.Enqueue(ActorRefs.Nobody, E(12));
        for (var n = 0; n > -8; n--) queue.EnqueueFirst(E(n)); // grows while the head is not at 0
        Assert.Equal(new object[] { -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 10, 11, 12 }, Drain(queue));
    }

    [Fact]
    public void Works_again_after_a_burst_was_drained()
    {
        var queue = new CompactDequeMessageQueue();
        for (var i = 0; i < 1000; i++) queue.Enqueue(ActorRefs.Nobody, E(i));
        Assert.Equal(1000, Drain(queue).Count);
        queue.Enqueue(ActorRefs.Nobody, E(1));
        queue.EnqueueFirst(E(0));
        queue.Enqueue(ActorRefs.Nobody, E(2));
        Assert.Equal(new object[] { 0, 1, 2 }, Drain(queue));
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_the_dead_letters_in_order()
    {
        var queue = new CompactDequeMessageQueue();
        for (var i = 0; i < 6; i++) queue.Enqueue(ActorRefs.Nobody, E(i));
        var deadLetters = new CompactDequeMessageQueue();
        queue.CleanUp(ActorRefs.Nobody, deadLetters);
        Assert.Equal(0, queue.Count);
        Assert.Equal(Enumerable.Range(0, 6).Cast<object>(), Drain(deadLetters));
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing_and_each_sender_keeps_its_order()
    {
        const int senders = 4, perSender = 20_000;
        var queue = new CompactDequeMessageQueue();
        var received = new List<(int Sender, int N)>(senders * perSender);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var producers = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var n = 0; n < perSender; n++) queue.Enqueue(ActorRefs.Nobody, new Envelope((s, n), ActorRefs.NoSender));
        })).ToArray();
        // One consumer, as a mailbox has: it dequeues while the senders are still adding.
        while (received.Count < senders * perSender && !done.IsCancellationRequested)
        {
            if (queue.TryDequeue(out var e)) received.Add(((int, int))e.Message);
            else Thread.Yield();
        }
        await Task.WhenAll(producers);
        Assert.Equal(senders * perSender, received.Count);
        foreach (var group in received.GroupBy(r => r.Sender))
            Assert.Equal(Enumerable.Range(0, perSender), group.Select(r => r.N));
        Assert.False(queue.HasMessages);
    }
}
