using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// One credential slice (one endpoint, one realm or "*"), persistence id <c>credential-{sliceId}</c>. Passwords are
/// encrypted with the journal key before they are persisted, with the persistence id as associated data; a SetSlice
/// brings them encrypted for the SetSlice, and a lookup answer takes them away encrypted for the answer
/// (<see cref="CredentialAssociatedData"/>); a plaintext exists here only in a buffer zeroed within the same message. The template for ActorSip's persistent entities: commands validate,
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
        var clear = new List<byte[]>(set.Entries.Length);
        try
        {
            foreach (var e in set.Entries) clear.Add(_protector.UnprotectUtf8(e.Password, CredentialAssociatedData.SetSlice(_sliceId)));
            // The same entries again (a node restarted and reconciled), under the current key: nothing to record.
            if (SameAsStored(set.Entries, clear))
            {
                Sender.Tell(Done.Instance);
                return;
            }
            // Encrypted again for the journal before Persist: the event (and so the journal row and any snapshot)
            // never holds a plaintext, and never the sender's ciphertext, which only a SetSlice accepts.
            var entries = set.Entries.Select((e, i) => e with { Password = _protector.Protect(clear[i], PersistenceId) }).ToImmutableArray();
            PersistAndApply(new CredentialEvents.SliceSet(entries));
        }
        catch (JournalKeyException e)
        {
            // The sender encrypted with a key this node does not hold: the nodes' ACTORSIP_JOURNAL_KEY differ.
            _log.Error("credential slice {0}: the SetSlice does not decrypt here (every node needs the same {1}): {2}",
                _sliceId, JournalKeyring.KeyVariable, e.Message);
            Sender.Tell(new Status.Failure(e));
        }
        finally
        {
            foreach (var bytes in clear) CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private bool SameAsStored(ImmutableArray<CredentialEntry> entries, List<byte[]> clear)
    {
        // After a key rotation the same entries are stored again under the current key, so the journal's newest
        // copy of every slice is readable without the old key.
        if (entries.Length != _state.Entries.Length || _state.Entries.Any(e => e.Password.KeyId != _protector.CurrentKeyId)) return false;
        for (var i = 0; i < entries.Length; i++)
        {
            var (given, stored) = (entries[i], _state.Entries[i]);
            if (given.Source != stored.Source || given.Username != stored.Username || given.Realm != stored.Realm || given.DialPeer != stored.DialPeer)
                return false;
            byte[] storedClear;
            try
            {
                storedClear = _protector.UnprotectUtf8(stored.Password, PersistenceId);
            }
            catch (JournalKeyException)
            {
                return false; // written with a key we no longer hold: store it again with the current one
            }
            var same = CryptographicOperations.FixedTimeEquals(storedClear, clear[i]);
            CryptographicOperations.ZeroMemory(storedClear);
            if (!same) return false;
        }
        return true;
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
                foreach (var e in _state.Entries) CryptographicOperations.ZeroMemory(_protector.UnprotectUtf8(e.Password, PersistenceId));
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
            // Encrypted again for this answer: what crosses the wire is not the journal's ciphertext, and decrypts
            // only as the answer of this slice.
            CredentialChoice.Answer a => new CredentialQueries.LookupResult(a.Username,
                _protector.Reprotect(view.Origin[a.Password].Password, PersistenceId, CredentialAssociatedData.LookupResult(_sliceId)), null, a.Step),
            CredentialChoice.Terminate t => new CredentialQueries.LookupResult(null, null, t.Reason, t.Step),
            var other => throw new InvalidOperationException(other.GetType().Name),
        });
    }
}
