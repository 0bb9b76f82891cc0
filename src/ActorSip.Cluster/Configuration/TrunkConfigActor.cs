using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Registrars;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Planning;
using System.Collections.Immutable;

namespace ActorSip.Cluster.Configuration;

/// <summary>
/// The one trunk configuration of the cluster (persistence id <c>trunk-config</c>, a cluster singleton). Every change
/// is an event; after each change and after recovery it reconciles the cluster with the plan: credential slices
/// first (so no binding is challenged before its credential exists), then bindings configured or removed. Once every
/// slice of a change has acknowledged, a second event says so, and a recovery skips sending them again.
/// </summary>
public sealed class TrunkConfigActor : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdValue = "trunk-config";

    private readonly SecretProtector _protector;
    private readonly IActorRef _bindings;
    private readonly IActorRef _credentials;
    private readonly IActorRef _registrars;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // The one piece of state; PacedAsks below is the mechanics of writes in flight, not knowledge to recover.
    private TrunkConfigState _state = TrunkConfigState.Empty;

    public TrunkConfigActor(SecretProtector protector, IActorRef bindings, IActorRef credentials, IActorRef registrars, TimeSpan? writeTimeout = null)
    {
        _writes = new PacedAsks(500, writeTimeout ?? TimeSpan.FromSeconds(60));
        _registrars = registrars;
        _protector = protector;
        _bindings = bindings;
        _credentials = credentials;

        Recover<TrunkConfigEvents.Replaced>(Load);
        Recover<TrunkConfigEvents.CredentialsStored>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            var plan = _state.Plan;
            if (plan.Bindings.Length == 0 && plan.CredentialSlices.Length == 0) return;
            // Slices already stored are not sent again: with 10,000 of them, re-sending meant 10,000 entity
            // recoveries on top of the bindings' own, and the journal's circuit breaker opened (BENCHMARKS.md, P2).
            var before = _state.StoredVersion == _state.Version ? plan with { Bindings = [] } : TrunkPlan.From(TrunkConfig.Empty);
            Reconcile(before, plan, recovering: true);
        });

        Command<TrunkConfigCommands.Replace>(OnReplace);
        Command<TrunkConfigCommands.Apply>(OnApply);
        // Clear is told, not asked: its acknowledgement needs no handling.
        Command<Akka.Done>(_ => { });
        Command<SlicesStored>(ConfigureBindings);
        Command<PacedAsks.Answered>(a => _writes.OnAnswered(a, Self));
        Command<ClearSlices>(c =>
        {
            var current = _state.Plan.CredentialSlices.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in c.SliceIds.Where(id => !current.Contains(id))) _writes.EnqueueTell(_credentials, new CredentialCommands.Clear(id));
            _writes.Pump(Self);
        });
        Command<TrunkConfigQueries.GetEncrypted>(_ => Sender.Tell(new TrunkConfigQueries.Encrypted(
            _state.IsEmpty ? null : _protector.Protect(IosWriter.Write(_state.Config, SecretPrinting.Shown), PersistenceIdValue), _state.Version)));
        Command<TrunkConfigQueries.Get>(_ => Sender.Tell(new TrunkConfigQueries.Current(
            _state.Masked, _state.Plan.Registrars.Length, _state.Plan.Endpoints.Length, _state.Plan.Bindings.Length, _state.Version)));
    }

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="writeTimeout">How long one slice or binding write may stay unanswered (60 s; shorter in tests).</param>
    public static Props Props(SecretProtector protector, IActorRef bindings, IActorRef credentials, IActorRef registrars, TimeSpan? writeTimeout = null) =>
        Akka.Actor.Props.Create(() => new TrunkConfigActor(protector, bindings, credentials, registrars, writeTimeout));

    private void Load(TrunkConfigEvents.Replaced e)
    {
        var text = _protector.Unprotect(e.Config, PersistenceIdValue);
        var read = IosConfigReader.Read(text, "journal");
        if (read.Config is null)
        {
            // The version still moves: a change based on the one before this event must not pass as current.
            _log.Error("trunk-config event {0} no longer parses: {1}", LastSequenceNr, string.Join("; ", read.Errors));
            _state = _state with { Version = LastSequenceNr };
            return;
        }
        _state = _state.Apply(e, read.Config, LastSequenceNr);
    }

    private void OnReplace(TrunkConfigCommands.Replace replace)
    {
        string text;
        try
        {
            text = _protector.Unprotect(replace.IosText, PersistenceIdValue);
        }
        catch (JournalKeyException error)
        {
            Sender.Tell(new TrunkConfigQueries.ReplaceResult(false, error.Message));
            return;
        }
        var read = IosConfigReader.Read(text, replace.Source);
        if (read.Config is null || !read.Errors.IsEmpty)
        {
            Sender.Tell(new TrunkConfigQueries.ReplaceResult(false, string.Join("\n", read.Errors)));
            return;
        }
        if (read.Config.Equals(_state.Config))
        {
            Sender.Tell(new TrunkConfigQueries.ReplaceResult(false, null));
            return;
        }
        var sender = Sender;
        PersistChange(read.Config, replace.Node, replace.Source, replace.Operator, () => sender.Tell(new TrunkConfigQueries.ReplaceResult(true, null)));
    }

    private void OnApply(TrunkConfigCommands.Apply apply)
    {
        string text;
        try
        {
            text = _protector.Unprotect(apply.Lines, PersistenceIdValue);
        }
        catch (JournalKeyException error)
        {
            Sender.Tell(new TrunkConfigQueries.ApplyResult([new TrunkConfigQueries.LineError(apply.Source, 0, error.Message)], [], _state.Version));
            return;
        }
        // Validated here, against the configuration in force: the node's own check was against what it read before.
        var touched = apply.Touched.Select(t => new LineKey(t.Line, new ConfigKey(t.Name, t.Scope))).ToImmutableArray();
        var result = VersionedApply.Apply(_state.Config, _state.Version, _state.History, apply.BaseVersion, touched, text, apply.Source);
        if (!result.IsOk)
        {
            Sender.Tell(new TrunkConfigQueries.ApplyResult(
                [.. result.Errors.Select(e => new TrunkConfigQueries.LineError(e.File, e.Line, e.Message))], [], _state.Version));
            return;
        }
        var lines = result.Lines.Select(l => new TrunkConfigQueries.LineApplied(l.Line, l.Text, l.Changed)).ToImmutableArray();
        if (result.Config!.Equals(_state.Config))
        {
            Sender.Tell(new TrunkConfigQueries.ApplyResult([], lines, _state.Version));
            return;
        }
        var sender = Sender;
        PersistChange(result.Config, apply.Node, "config apply " + apply.Source, apply.Operator, () => sender.Tell(new TrunkConfigQueries.ApplyResult([], lines, _state.Version)));
    }

    /// <summary>Persists a change of the whole configuration, then reconciles the cluster with its plan.</summary>
    private void PersistChange(TrunkConfig next, string node, string source, string? by, Action answer)
    {
        var e = new TrunkConfigEvents.Replaced(DateTimeOffset.UtcNow, node, source,
            _protector.Protect(IosWriter.Write(next, SecretPrinting.Shown), PersistenceIdValue), IosWriter.Write(next, SecretPrinting.Masked), by);
        Persist(e, persisted =>
        {
            var before = _state.Plan;
            _state = _state.Apply(persisted, next, LastSequenceNr);
            var plan = _state.Plan;
            _log.Info("trunk configuration changed by {0} ({1}) on {2}: {3} registrars, {4} endpoints, {5} bindings",
                persisted.Source, persisted.Operator ?? "operator unknown", persisted.Node, plan.Registrars.Length, plan.Endpoints.Length, plan.Bindings.Length);
            Reconcile(before, plan);
            answer();
        });
    }

    private void Reconcile(TrunkPlan before, TrunkPlan after, bool recovering = false)
    {
        // Credential slices first, and acknowledged: a binding challenged before its slice is stored would find
        // "no credential" and stay rejected for half an hour. The slice entity may live on any node, and nothing
        // orders our SetSlice before another node's lookup, so we wait for every Done before starting bindings.
        // Only changed slices are written: an unchanged slice entity already holds its entries (and the audit trail
        // then shows what a change really touched).
        var diff = TrunkPlan.Diff(before, after);
        var slicesStored = new Countdown(diff.SlicesWritten.Length, error => Self.Tell(new SlicesStored(diff, after, error, recovering)));
        foreach (var slice in diff.SlicesWritten)
            Write(_credentials, CredentialCommands.SetSlice.Create(slice.Id, CredentialSliceEntries.From(slice), _protector), after, WriteAttempts, slicesStored.Signal);
        _writes.Pump(Self);

        // After a restart every registrar entity is told its configuration again: they start on demand.
        foreach (var registrar in recovering ? after.Registrars : diff.RegistrarsConfigured) _registrars.Tell(new RegistrarCommands.Configure(registrar));
        foreach (var gone in diff.RegistrarsRemoved) _registrars.Tell(new RegistrarCommands.Remove(gone));
    }

    /// <summary>A shard region drops the messages it buffered for a shard that is handed off meanwhile ("Dropping
    /// buffered messages ... to avoid re-ordering"): with 10,000 slices written while three nodes' shards rebalanced,
    /// 11 SetSlice asks timed out, the bindings started anyway, and those 11 met "no credential" and were rejected.
    /// SetSlice and Configure are idempotent, so an unanswered one is sent again, as long as no newer change has
    /// replaced the plan (an older write must never overtake a newer one).</summary>
    private const int WriteAttempts = 3;

    private static string Describe(object write) => write switch
    {
        CredentialCommands.SetSlice set => "credential slice " + set.SliceId,
        BindingCommands.Configure configure => $"configuration of binding {configure.Spec.BindingId}",
        _ => write.GetType().Name,
    };

    private void Write(IActorRef region, object message, TrunkPlan plan, int attemptsLeft, Action<string?> done) =>
        _writes.Enqueue(region, message, error =>
        {
            if (error is not null && attemptsLeft > 1 && ReferenceEquals(plan, _state.Plan))
            {
                // Named, never printed: a SetSlice carries (encrypted) passwords.
                _log.Warning("{0} not acknowledged ({1}); sending it again", Describe(message), error);
                Write(region, message, plan, attemptsLeft - 1, done); // PacedAsks pumps after this callback
            }
            else done(error);
        });

    /// <summary>Credential slices and binding configurations go out through this, 500 unanswered at most.</summary>
    private readonly PacedAsks _writes;

    /// <summary>Calls <c>done</c> once <c>count</c> signals have come in, with the first error among them.</summary>
    private sealed class Countdown
    {
        private readonly Action<string?> _done;
        private int _left;
        private string? _error;

        public Countdown(int count, Action<string?> done)
        {
            (_left, _done) = (count, done);
            if (count == 0) done(null);
        }

        public void Signal(string? error)
        {
            _error ??= error;
            if (--_left == 0) _done(_error);
        }
    }

    private void ConfigureBindings(SlicesStored stored)
    {
        if (stored.Error is not null)
            _log.Warning("not every credential slice acknowledged ({0}); starting the bindings anyway", stored.Error);
        var registrars = stored.After.Registrars.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var diff = stored.Diff;
        // Every binding is told its configuration (idempotent). Bindings new to the configuration start even if
        // stopped by an earlier removal; the others keep their state (a binding taken down with `sip-ua unregister`
        // stays down across restarts of this singleton).
        var added = stored.Recovering ? [] : diff.BindingsAdded.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var configured = new Countdown(stored.After.Bindings.Length, error =>
        {
            if (error is not null) _log.Warning("not every binding acknowledged its configuration ({0})", error);
        });
        foreach (var binding in stored.After.Bindings)
            Write(_bindings, new BindingCommands.Configure(new BindingSpec(binding.Endpoint.ToString(), registrars[binding.RegistrarId]),
                Added: added.Contains(binding.Id)), stored.After, WriteAttempts, configured.Signal);
        foreach (var gone in diff.BindingsRemoved)
            _writes.EnqueueTell(_bindings, new BindingCommands.Remove(gone.Id));
        _writes.Pump(Self);
        // A removed binding un-REGISTERs first, and the registrar challenges that request too: its credentials stay
        // until the un-REGISTER is over (a transaction times out after 32 s), unless a later change wants them again.
        if (diff.SlicesCleared.Length > 0) Timers.StartSingleTimer("clear-" + LastSequenceNr, new ClearSlices(diff.SlicesCleared), UnregisterGrace);
        // Remember that this configuration's slices are all stored (unless a newer change is already on its way).
        if (stored.Error is null && _state.StoredVersion != _state.Version && ReferenceEquals(stored.After, _state.Plan))
            Persist(new TrunkConfigEvents.CredentialsStored(_state.Version), e => _state = _state.Apply(e));
    }

    private static readonly TimeSpan UnregisterGrace = TimeSpan.FromSeconds(40);

    /// <summary>Local only: credential slices no longer in the plan, cleared once their bindings have un-REGISTERed.</summary>
    private sealed record ClearSlices(IReadOnlyList<string> SliceIds);

    /// <summary>Local only: every slice of a plan is stored, so its bindings may start.</summary>
    private sealed record SlicesStored(PlanDiff Diff, TrunkPlan After, string? Error, bool Recovering);
}
