using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using ActorSip.Cluster.Metrics;
using ActorSip.Trunks.Registration;
using E = ActorSip.Trunks.Registration.RegistrationEffect;
using I = ActorSip.Trunks.Registration.RegistrationInput;

namespace ActorSip.Cluster.Bindings;

/// <summary>
/// One endpoint's registration with one registrar (persistence id <c>binding-{endpoint}@{registrar}</c>). A thin shell:
/// <see cref="RegistrationMachine"/> decides, this actor persists the events it returns, then performs the effects
/// (send, look up a credential, set its one timer). It recovers its Call-ID, CSeq reservation and spec from the
/// journal and starts again by itself, so remember-entities can restart it on any node.
/// </summary>
/// <remarks>An <see cref="UntypedPersistentActor"/> with a switch, not a <c>ReceivePersistentActor</c>: the receive
/// builder keeps a dozen handler delegates per instance (~1.3 KB per binding in the P2 heap dump, BENCHMARKS.md).
/// </remarks>
public sealed class BindingActor : UntypedPersistentActor, IWithTimers
{
    private const string TimerKey = "next";

    private readonly string _bindingId;
    private readonly IRegistrationRuntime _runtime;
    private readonly Random _random = Random.Shared;
    private readonly CancellationTokenSource _cancel = new();
    private BindingState _state = new();
    private BindingSpec? _spec;
    private string? _recoveredContact;

    public BindingActor(string bindingId, IRegistrationRuntime runtime)
    {
        _bindingId = bindingId;
        _runtime = runtime;
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case BindingEvents.Configured c:
                _spec = c.Spec;
                break;
            case BindingEvent e:
                _state = _state.Apply(e);
                break;
            case SnapshotOffer { Snapshot: BindingSnapshot s }:
                (_spec, _state) = (s.Spec, s.State);
                break;
            case RecoveryCompleted:
                // Restarted (crash, restart, failover): carry on from the journal with this node's Contact.
                if (_spec is not null && _state.Phase != BindingPhase.Stopped)
                {
                    // Compared with this node's Contact once the registrar is resolved (the first Start).
                    _recoveredContact = _state.Contact;
                    StartLoop(spread: true);
                }
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case BindingCommands.Configure configure: OnConfigure(configure); break;
            case BindingCommands.Remove: Decide(new I.Remove()); break;
            case BindingCommands.RegisterNow: Decide(new I.RegisterNow()); break;
            case BindingCommands.Unregister: Decide(new I.Unregister()); break;
            case BindingCommands.ConnectionLost: Decide(new I.ConnectionLost()); break;
            case BindingQueries.GetStatus: Sender.Tell(Status()); break;
            case StartNow: Begin(); break;
            case I.Start start when _recoveredContact is not null:
                // Registered last from another Contact: another node held it (failover or handover).
                if (_recoveredContact != start.Contact)
                    ActorSipMetrics.FailoverBindings.Add(1, new KeyValuePair<string, object?>("registrar", _spec!.Registrar.Id));
                _recoveredContact = null;
                Decide(start);
                break;
            case I input: Decide(input); break;
            case SaveSnapshotSuccess s: DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)); break;
            case SaveSnapshotFailure f: Log.Warning("binding {0}: snapshot failed: {1}", _bindingId, f.Cause.Message); break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure: break;
            case StopEntity: Context.Stop(Self); break; // handed off: after everything stashed before it
            default: Unhandled(message); break;
        }
    }

    public override string PersistenceId => "binding-" + _bindingId;

    public ITimerScheduler Timers { get; set; } = null!;

    private string MetricsKey => _runtime.NodeName + "/" + _bindingId;

    public static Props Props(string bindingId, IRegistrationRuntime runtime) =>
        Akka.Actor.Props.Create(() => new BindingActor(bindingId, runtime));

    private void OnConfigure(BindingCommands.Configure configure)
    {
        // Acknowledged once stored, so the trunk-config singleton can pace thousands of bindings through the journal.
        if (configure.Spec == _spec && _state.Phase != BindingPhase.Idle && !(configure.Added && _state.Phase == BindingPhase.Stopped))
        {
            Sender.Tell(Done.Instance);
            return;
        }
        var changed = _spec is not null;
        var replyTo = Sender;
        Persist(new BindingEvents.Configured(configure.Spec), e =>
        {
            _spec = e.Spec;
            if (_state.Phase == BindingPhase.Stopped) _state = _state with { Phase = BindingPhase.Idle };
            StartLoop(spread: !changed);
            replyTo.Tell(Done.Instance);
        });
    }

    /// <summary>First action after a (re)start, delayed by a random share of the start-up window so a node with
    /// thousands of bindings does not send them all at once.</summary>
    private void StartLoop(bool spread)
    {
        var delay = spread && _runtime.StartupSpread > TimeSpan.Zero
            ? TimeSpan.FromMilliseconds(_random.NextDouble() * _runtime.StartupSpread.TotalMilliseconds)
            : TimeSpan.Zero;
        if (delay == TimeSpan.Zero) Self.Tell(StartNow.Instance);
        else Timers.StartSingleTimer(TimerKey, StartNow.Instance, delay);
    }

    private void Begin()
    {
        if (_spec is null) return;
        if (!_state.IsCreated)
        {
            var created = RegistrationMachine.Create($"{Guid.NewGuid():N}@actorsip", Guid.NewGuid().ToString("N")[..10], Now());
            Execute(created);
        }
        var spec = _spec;
        var ratio = spec.Registrar.RefreshRatio / 100.0;
        var realm = spec.Registrar.AuthRealm;
        // The Contact after resolving: its address can be the local one toward the registrar's target.
        var runtime = _runtime;
        var callId = _state.CallId;
        string Contact() => RegisterMessages.ContactFor(runtime.ContactFor(spec.EndpointNumber, spec.Registrar), spec.Registrar, callId);
        runtime.ResolveAsync(spec.Registrar, _cancel.Token).PipeTo(Self,
            success: count => new I.Start(spec.Registrar.Expires, count, Contact(), ratio, realm),
            failure: _ => new I.Start(spec.Registrar.Expires, 1, Contact(), ratio, realm));
    }

    private void Decide(I input)
    {
        if (_spec is null) return;
        Execute(RegistrationMachine.Handle(_state, input, Now()));
    }

    private RegistrationContext Now() => new(_runtime.Time.GetUtcNow(), _random, _runtime.Policy);

    private void Execute(RegistrationDecision decision)
    {
        var previous = _state;
        _state = decision.State;
        var events = new List<object>();
        var actions = new List<E>();
        foreach (var effect in decision.Effects)
        {
            if (effect is E.Persist p) events.Add(p.Event);
            else actions.Add(effect);
        }
        if (previous.Phase != _state.Phase) Announce(previous.Phase);
        if (events.Count == 0)
        {
            Perform(actions);
            return;
        }
        PersistAll(events, _ => { });
        DeferAsync(actions, a =>
        {
            Perform(a);
            if (LastSequenceNr % 100 == 0) SaveSnapshot(new BindingSnapshot(_spec!, _state with { Attempt = AttemptState.Fresh }));
        });
    }

    private void Perform(List<E> actions)
    {
        var spec = _spec!;
        foreach (var action in actions)
        {
            switch (action)
            {
                case E.SendRegister send:
                    Timers.Cancel(TimerKey);
                    var state = _state;
                    _runtime.SendRegisterAsync(spec, state, send, _cancel.Token).PipeTo(Self,
                        failure: e => new I.Failed(send.CSeq, TransactionFailure.TransportError, $"transport error: {e.GetBaseException().Message}"));
                    break;
                case E.LookupCredential lookup:
                    _runtime.LookupCredentialAsync(spec, lookup.Challenge, _cancel.Token).PipeTo(Self,
                        success: r => r,
                        failure: e => new I.CredentialLookupFailed(e.GetBaseException().Message));
                    break;
                case E.ScheduleAt at:
                    var delay = at.At - _runtime.Time.GetUtcNow();
                    Timers.StartSingleTimer(TimerKey, new I.TimerFired(), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
                    break;
                case E.Stop:
                    Timers.CancelAll();
                    // Inside a shard, passivate so remember-entities forgets us; the backoff supervisor forwards it.
                    Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                    break;
            }
        }
    }

    private void Announce(BindingPhase previous)
    {
        var status = Status();
        Log.Info("binding {0}: {1} -> {2}{3}", _bindingId, previous, _state.Phase, Describe(status));
        Context.System.EventStream.Publish(new BindingStatusChanged(status, previous));
        ActorSipMetrics.SetBindingPhase(MetricsKey, _state.Phase);
    }

    private static string Describe(BindingQueries.Status s) => s.Phase switch
    {
        BindingPhase.Registered => $" (expires {s.ExpiresAt:HH:mm:ss}, Call-ID {s.CallId})",
        BindingPhase.Rejected or BindingPhase.Backoff => $" ({s.LastStatus?.ToString() ?? "-"} {s.LastReason})",
        _ => "",
    };

    private BindingQueries.Status Status() => new(
        _bindingId, _spec?.Endpoint ?? "", _spec?.Registrar.Id ?? "", _spec?.Registrar.Target.ToString() ?? "",
        _state.Phase, _state.ExpiresAt, _state.LastStatus, _state.LastReason, _state.CallId, _state.CSeq, _runtime.NodeName);

    protected override void PostStop()
    {
        // Handed off, passivated or crashed: this node no longer holds the binding (another node may now).
        Context.System.EventStream.Publish(new BindingLeftNode(_bindingId));
        ActorSipMetrics.BindingLeft(MetricsKey);
        _cancel.Cancel();
        _cancel.Dispose();
        base.PostStop();
    }

    private sealed class StartNow
    {
        public static readonly StartNow Instance = new();
    }
}

/// <summary>What a binding snapshots: its spec and the persisted part of its state.</summary>
public sealed record BindingSnapshot(BindingSpec Spec, BindingState State) : IActorSipMessage;
