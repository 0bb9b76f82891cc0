using System.Collections.Frozen;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Registrars;
using ActorSip.Cluster.Security;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Serialization;

/// <summary>
/// The one table of persisted and remote types and their manifests. A manifest is written into every journal row
/// and read back for years: never change or reuse one. To add a type, add a line here (and make the type an
/// <see cref="IActorSipMessage"/> or bind its base in <see cref="SerializationConfig"/>); to change a type
/// incompatibly, add a new type with a ".v2" manifest and keep the old line so old events still load.
/// </summary>
public static class SerializerRegistry
{
    public static IReadOnlyList<(Type Type, string Manifest)> Entries { get; } =
    [
        // Registration facts (ActorSip.Trunks).
        (typeof(BindingEvent.Created), "binding-created.v1"),
        (typeof(BindingEvent.CSeqReserved), "binding-cseq-reserved.v1"),
        (typeof(BindingEvent.Registered), "binding-registered.v1"),
        (typeof(BindingEvent.Rejected), "binding-rejected.v1"),
        (typeof(BindingEvent.Unregistered), "binding-unregistered.v1"),
        // Binding entity.
        (typeof(BindingEvents.Configured), "binding-configured.v1"),
        (typeof(BindingSnapshot), "binding-snapshot.v1"),
        (typeof(BindingCommands.Configure), "binding-configure.v1"),
        (typeof(BindingCommands.Remove), "binding-remove.v1"),
        (typeof(BindingCommands.RegisterNow), "binding-register-now.v1"),
        (typeof(BindingCommands.Unregister), "binding-unregister.v1"),
        (typeof(BindingCommands.ConnectionLost), "binding-connection-lost.v1"),
        (typeof(BindingQueries.GetStatus), "binding-get-status.v1"),
        (typeof(BindingQueries.Status), "binding-status.v1"),
        // Secrets.
        (typeof(EncryptedSecret), "encrypted-secret.v1"),
        // Credential slices.
        (typeof(CredentialCommands.SetSlice), "credential-set-slice.v2"),
        (typeof(CredentialCommands.Clear), "credential-clear.v1"),
        (typeof(CredentialEvents.SliceSet), "credential-slice-set.v1"),
        (typeof(CredentialEvents.SliceCleared), "credential-slice-cleared.v1"),
        (typeof(CredentialSnapshot), "credential-snapshot.v1"),
        (typeof(CredentialQueries.Lookup), "credential-lookup.v1"),
        (typeof(CredentialQueries.LookupResult), "credential-lookup-result.v2"),
        (typeof(CredentialQueries.Describe), "credential-describe.v1"),
        (typeof(CredentialQueries.Description), "credential-description.v1"),
        // Registrar entities.
        (typeof(RegistrarCommands.Configure), "registrar-configure.v1"),
        (typeof(RegistrarCommands.Remove), "registrar-remove.v1"),
        (typeof(RegistrarCommands.ReportOutcome), "registrar-report-outcome.v1"),
        (typeof(RegistrarEvents.Configured), "registrar-configured.v1"),
        (typeof(RegistrarEvents.Removed), "registrar-removed.v1"),
        (typeof(RegistrarQueries.GetStatus), "registrar-get-status.v1"),
        (typeof(RegistrarQueries.Status), "registrar-status.v1"),
        // Trunk configuration singleton.
        (typeof(TrunkConfigCommands.Replace), "trunk-config-replace.v1"),
        (typeof(TrunkConfigEvents.Replaced), "trunk-config-replaced.v1"),
        (typeof(TrunkConfigEvents.CredentialsStored), "trunk-config-credentials-stored.v1"),
        (typeof(TrunkConfigQueries.Get), "trunk-config-get.v1"),
        (typeof(TrunkConfigQueries.GetEncrypted), "trunk-config-get-encrypted.v1"),
        (typeof(TrunkConfigQueries.Encrypted), "trunk-config-encrypted.v1"),
        (typeof(TrunkConfigQueries.Current), "trunk-config-current.v1"),
        (typeof(TrunkConfigQueries.ReplaceResult), "trunk-config-replace-result.v1"),
        (typeof(TrunkConfigCommands.Apply), "trunk-config-apply.v1"),
        (typeof(TrunkConfigQueries.ApplyResult), "trunk-config-apply-result.v1"),
    ];

    /// <summary>Manifests no longer read or written, never to be reused. Both were remote messages only (never
    /// persisted): credential-set-slice.v1 carried passwords in clear, credential-lookup-result.v1 the journal's
    /// ciphertext; a v1 message from an older node fails as an unknown manifest rather than being trusted.</summary>
    public static IReadOnlyList<string> Retired { get; } = ["credential-set-slice.v1", "credential-lookup-result.v1"];

    internal static FrozenDictionary<Type, string> ManifestByType { get; } = Entries.ToFrozenDictionary(e => e.Type, e => e.Manifest);

    internal static FrozenDictionary<string, Type> TypeByManifest { get; } =
        Entries.ToFrozenDictionary(e => e.Manifest, e => e.Type, StringComparer.Ordinal);
}
