namespace ActorSip.Cluster.Credentials;

/// <summary>
/// The associated data of a slice's encrypted passwords, one per place a ciphertext may appear: the journal, a
/// SetSlice command, a lookup answer. Each names the slice and the purpose, so a ciphertext taken from one place
/// (or from another slice) does not decrypt in another. Journal values start with "credential-", wire values with
/// "actorsip-wire:", so no two places can share a value.
/// </summary>
public static class CredentialAssociatedData
{
    /// <summary>Persisted events and snapshots: the slice's persistence id (unchanged since the first journal).</summary>
    public static string Journal(string sliceId) => CredentialActor.PersistenceIdFor(sliceId);

    /// <summary>The entries of a <see cref="CredentialCommands.SetSlice"/>, from the sender to the slice entity.</summary>
    public static string SetSlice(string sliceId) => "actorsip-wire:credential-set-slice.v2:" + sliceId;

    /// <summary>The password of a <see cref="CredentialQueries.LookupResult"/>, from the slice entity to the asker.</summary>
    public static string LookupResult(string sliceId) => "actorsip-wire:credential-lookup-result.v2:" + sliceId;
}
