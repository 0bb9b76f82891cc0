using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorSip.Cluster.Mailboxes;

/// <summary>
/// A double-ended message queue that costs about 150 bytes while idle. Akka's default queue is a
/// <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> whose first segment alone takes ~1 KB per actor; with
/// two actors per binding that was the largest single item of the P2 heap dump (BENCHMARKS.md). Entities receive a
/// few messages a minute, so a ring buffer under a lock, starting at four slots and shrinking back when it empties,
/// costs nothing measurable in time. Prepends (a stash being unstashed) are dequeued first, last prepended first,
/// as in Akka's own deque queue.
/// </summary>
public sealed class CompactDequeMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private const int InitialCapacity = 4;

    private readonly object _gate = new();
    private Envelope[] _items = new Envelope[InitialCapacity];
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_gate)
        {
            if (_count == _items.Length) Grow();
            _items[(_head + _count) % _items.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        lock (_gate)
        {
            if (_count == _items.Length) Grow();
            _head = (_head + _items.Length - 1) % _items.Length;
            _items[_head] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _items[_head];
            _items[_head] = default; // the queue must not keep a delivered message alive
            _head = (_head + 1) % _items.Length;
            Volatile.Write(ref _count, _count - 1);
            // A burst (a recovery, a stash) grew the buffer: give the memory back once it is drained.
            if (_count == 0 && _items.Length > InitialCapacity)
            {
                _items = new Envelope[InitialCapacity];
                _head = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    private void Grow()
    {
        var larger = new Envelope[_items.Length * 2];
        for (var i = 0; i < _count; i++) larger[i] = _items[(_head + i) % _items.Length];
        _items = larger;
        _head = 0;
    }
}
