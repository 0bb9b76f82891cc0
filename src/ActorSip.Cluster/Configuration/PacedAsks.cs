using Akka.Actor;

namespace ActorSip.Cluster.Configuration;

/// <summary>
/// Asks sent by one actor, from its own thread and in the order given, with at most <c>limit</c> unanswered: the
/// trunk-config singleton writes thousands of credential slices and binding configurations through one journal,
/// and 50,000 at once waited there longer than its call timeout (10 s), failed to persist by the thousand and opened
/// its circuit breaker (P2 at 50,000 bindings). Sending in order keeps a newer change to an entity behind an older
/// one. The owner handles <see cref="Answered"/> by calling <see cref="OnAnswered"/>.
/// </summary>
internal sealed class PacedAsks(int limit, TimeSpan timeout)
{
    private readonly Queue<(IActorRef Target, object Message, Action<string?>? Done)> _queue = new();
    private int _inFlight;

    /// <summary>The answer to one ask, to the owner: <paramref name="Error"/> is null when it was answered in time.</summary>
    public sealed record Answered(Action<string?> Done, string? Error);

    /// <summary>Queues an ask; <paramref name="done"/> runs on the owner's thread with null or the failure.</summary>
    public void Enqueue(IActorRef target, object message, Action<string?> done) => _queue.Enqueue((target, message, done));

    /// <summary>Queues a message that expects no answer (a removal), so that it still goes out after everything queued
    /// before it: a binding removed by a newer change must not be configured again by an older one still waiting.</summary>
    public void EnqueueTell(IActorRef target, object message) => _queue.Enqueue((target, message, null));

    public void Pump(IActorRef self)
    {
        while (_inFlight < limit && _queue.TryDequeue(out var item))
        {
            if (item.Done is not { } done)
            {
                item.Target.Tell(item.Message, self);
                continue;
            }
            _inFlight++;
            item.Target.Ask<object>(item.Message, timeout)
                .ContinueWith(t => new Answered(done, t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException().Message ?? "cancelled"),
                    TaskScheduler.Default)
                .PipeTo(self);
        }
    }

    public void OnAnswered(Answered answered, IActorRef self)
    {
        _inFlight--;
        answered.Done(answered.Error);
        Pump(self);
    }
}
