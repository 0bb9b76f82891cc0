using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// One credential slice (one endpoint, one realm or "*"), persistence id <c>credential-{sliceId}</c>. Passwords are
/// encrypted with the journal key before they are persisted, with the persistence id as associated data, and
/// decrypted only in memory for one lookup. The template for ActorSip's persistent entities: commands validate,
/// persist events, apply them to immutable state; recovery applies the same events; a snapshot every N events.
/// </summary>
public sealed class CredentialActor : ReceivePersistentActor
{
    public const int DefaultSnapshotEvery = 100;

    private readonly string _sliceId;
    private readonly SecretProtector _protector;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CredentialSliceState _state = CredentialSliceState.Empty;
    /// <summary>What lookups decide on, built from <see cref="_state"/> at the first lookup after it changed.</summary>
    private CredentialSliceConfig.LookupView? _lookupView;

    public CredentialActor(string sliceId, SecretProtector protector, int snapshotEvery = DefaultSnapshotEvery)
    {
        _sliceId = sliceId;
        _protector = protector;
        _snapshotEvery = Math.Max(1, snapshotEvery);

        Recover<CredentialEvents.SliceSet>(e => SetState(_state.Apply(e)));
        Recover<CredentialEvents.SliceCleared>(e => SetState(_state.Apply(e)));
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is CredentialSnapshot s) SetState(new CredentialSliceState(s.Entries));
        });

        Command<CredentialCommands.SetSlice>(OnSet);
        Command<CredentialCommands.Clear>(_ => PersistAndApply(new CredentialEvents.SliceCleared()));
        Command<CredentialQueries.Lookup>(OnLookup);
        Command<CredentialQueries.Describe>(_ => Sender.Tell(new CredentialQueries.Description(
            _sliceId,
            [.. _state.Entries.Select(e => new CredentialQueries.EntrySummary(e.Source, e.Username, e.Realm, e.DialPeer))],
            _state.Entries.IsEmpty ? null : _state.Entries[0].Password.KeyId)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("credential slice {0}: snapshot failed: {1}", _sliceId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<StopEntity>(_ => Context.Stop(Self)); // handed off: after everything stashed before it
    }

    public override string PersistenceId => PersistenceIdFor(_sliceId);

    /// <summary>The journal id, also the associated data of the slice's encrypted passwords. Slice ids are kept as
    /// they are (a '/' is fine in a SQL column) so the journal reads like the configuration.</summary>
    public static string PersistenceIdFor(string sliceId) => "credential-" + sliceId;

    /// <summary>A valid actor or entity name for a slice ('/' and '*' are not allowed in actor paths).</summary>
    public static string EntityName(string sliceId) => Uri.EscapeDataString(sliceId).Replace("*", "%2A", StringComparison.Ordinal);

    public static Props Props(string sliceId, SecretProtector protector, int snapshotEvery = DefaultSnapshotEvery) =>
        Akka.Actor.Props.Create(() => new CredentialActor(sliceId, protector, snapshotEvery));

    private void OnSet(CredentialCommands.SetSlice set)
    {
        if (set.Entries.Select(CredentialSliceConfig.Invalid).FirstOrDefault(e => e is not null) is { } problem)
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"credential slice {_sliceId}: {problem}")));
            return;
        }
        // The same entries again (a node restarted and reconciled), under the current key: nothing to record.
        if (SameAsStored(set.Entries))
        {
            Sender.Tell(Done.Instance);
            return;
        }
        // Encrypt before Persist: the event (and so the journal row and any snapshot) never holds a plaintext.
        var entries = set.Entries
            .Select(e => new CredentialEntry(e.Source, e.Username, _protector.Protect(e.Password, PersistenceId), e.Realm, e.DialPeer))
            .ToImmutableArray();
        PersistAndApply(new CredentialEvents.SliceSet(entries));
    }

    private bool SameAsStored(ImmutableArray<PlainCredentialEntry> entries)
    {
        // After a key rotation the same entries are stored again under the current key, so the journal's newest
        // copy of every slice is readable without the old key.
        if (entries.Length != _state.Entries.Length || _state.Entries.Any(e => e.Password.KeyId != _protector.CurrentKeyId)) return false;
        try
        {
            return entries.Zip(_state.Entries).All(p => p.Item1.Source == p.Item2.Source && p.Item1.Username == p.Item2.Username
                && p.Item1.Realm == p.Item2.Realm && p.Item1.DialPeer == p.Item2.DialPeer
                && p.Item1.Password == _protector.Unprotect(p.Item2.Password, PersistenceId));
        }
        catch (JournalKeyException)
        {
            return false; // written with a key we no longer hold: store it again with the current one
        }
    }

    private void SetState(CredentialSliceState state)
    {
        _state = state;
        _lookupView = null;
    }

    private void PersistAndApply(object @event)
    {
        var replyTo = Sender;
        Persist(@event, e =>
        {
            SetState(_state.Apply(e));
            replyTo.Tell(Done.Instance);
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(new CredentialSnapshot(_state.Entries));
        });
    }

    private void OnLookup(CredentialQueries.Lookup lookup)
    {
        if (_lookupView is not { } view)
        {
            try
            {
                // Once per state, not per lookup: every password must still decrypt (a wrong key is the caller's typed
                // error here, not a failed challenge later); the plaintext is dropped at once.
                foreach (var e in _state.Entries) _protector.Unprotect(e.Password, PersistenceId);
            }
            catch (JournalKeyException e)
            {
                // The message names the data dir and the variable, never a secret; the caller gets the typed error.
                _log.Error("credential slice {0}: {1}", _sliceId, e.Message);
                Sender.Tell(new Status.Failure(e));
                return;
            }
            _lookupView = view = CredentialSliceConfig.Build(CredentialSliceConfig.EndpointOf(_sliceId), _state.Entries);
        }
        Realm? realm = lookup.Realm is { Length: > 0 } r ? new Realm(r) : null;
        var challenge = new Challenge(realm, lookup.OfferedUsername, lookup.Method, view.Endpoint, null);
        Sender.Tell(CredentialDetermination.Determine(view.Config, challenge) switch
        {
            CredentialChoice.Answer a => new CredentialQueries.LookupResult(a.Username, view.Origin[a.Password].Password, null, a.Step),
            CredentialChoice.Terminate t => new CredentialQueries.LookupResult(null, null, t.Reason, t.Step),
            var other => throw new InvalidOperationException(other.GetType().Name),
        });
    }
}
