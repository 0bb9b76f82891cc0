using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Registrars;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Audit;

/// <summary>
/// Turns journal events into audit records. Configuration changes are shown as a line diff of the IOS text: the
/// formatter decrypts both versions (it runs on a node holding the journal key) only to notice a changed password,
/// which it reports as "password changed" on the masked line; the plaintext never leaves this class.
/// </summary>
public sealed class AuditFormatter(SecretProtector protector)
{
    private string[] _previousConfig = [];

    /// <summary>Our entities' persistence ids; sharding's own bookkeeping ids are not part of the audit trail.</summary>
    public static bool IsAudited(string persistenceId) =>
        persistenceId == TrunkConfigActor.PersistenceIdValue || persistenceId.StartsWith("binding-", StringComparison.Ordinal)
        || persistenceId.StartsWith("credential-", StringComparison.Ordinal) || persistenceId.StartsWith("registrar-", StringComparison.Ordinal);

    public AuditRecord Format(long offset, string persistenceId, long sequenceNr, DateTimeOffset written, object e)
    {
        var (name, details, at, node) = e switch
        {
            TrunkConfigEvents.Replaced r => ("ConfigChanged", $"by {r.Source}{(r.Operator is { } by ? " as " + by : "")}: {ConfigDiff(r)}", r.At, r.Node),
            TrunkConfigEvents.CredentialsStored c => ("CredentialsStored", $"every credential slice of configuration {c.ConfigVersion} stored", null, null),
            BindingEvents.Configured c => ("Configured", $"endpoint {c.Spec.Endpoint} registrar {c.Spec.Registrar.Id} {c.Spec.Registrar.Target} expires {c.Spec.Registrar.Expires}", (DateTimeOffset?)null, (string?)null),
            BindingEvent.Created c => ("Created", $"Call-ID {c.CallId}", null, null),
            BindingEvent.CSeqReserved c => ("CSeqReserved", $"up to {c.UpTo}", null, null),
            BindingEvent.Registered r => ("Registered", $"expires {r.GrantedExpires} s, Contact {r.Contact}", r.At, null),
            BindingEvent.Rejected r => ("Rejected", $"{r.Status?.ToString() ?? "no answer"} {r.Reason}, retry at {r.RetryAt:yyyy-MM-ddTHH:mm:ssZ}", null, null),
            BindingEvent.Unregistered u => ("Unregistered", "", u.At, null),
            CredentialEvents.SliceSet s => ("CredentialsSet", string.Join("; ", s.Entries.Select(x =>
                $"{x.Source} username {x.Username} realm {x.Realm ?? "*"}{(x.DialPeer is { } d ? $" dial-peer {d}" : "")} password {Secret.Mask}")), null, null),
            CredentialEvents.SliceCleared => ("CredentialsCleared", "", null, null),
            RegistrarEvents.Configured c => ("RegistrarConfigured", $"{c.Registrar.Target} expires {c.Registrar.Expires}", null, null),
            RegistrarEvents.Removed r => ("RegistrarRemoved", "", r.At, null),
            // Anything newer than this formatter still shows, by type, with no field that could hold a secret.
            _ => (e.GetType().Name, "", null, null),
        };
        return new AuditRecord(offset, at ?? written, node, persistenceId, sequenceNr, name, details);
    }

    /// <summary>Lines removed and added since the previous configuration event, masked; a line whose only change
    /// is its password reads "password changed".</summary>
    private string ConfigDiff(TrunkConfigEvents.Replaced r)
    {
        string[] current;
        try
        {
            current = Lines(protector.Unprotect(r.Config, TrunkConfigActor.PersistenceIdValue));
        }
        catch (JournalKeyException)
        {
            // Without the key that wrote it, the masked copy still tells which lines exist.
            current = Lines(r.Masked);
        }
        var removed = _previousConfig.Except(current).ToList();
        var added = current.Except(_previousConfig).ToList();
        _previousConfig = current;
        var changes = new List<string>();
        foreach (var line in added)
        {
            var masked = IosSecretMask.Mask(line);
            var old = removed.FirstOrDefault(x => IosSecretMask.Mask(x) == masked);
            if (old is not null)
            {
                removed.Remove(old);
                changes.Add($"password changed: {masked}");
            }
            else changes.Add("+ " + masked);
        }
        changes.InsertRange(0, removed.Select(x => "- " + IosSecretMask.Mask(x)));
        return changes.Count == 0 ? "no change" : string.Join(" | ", changes);
    }

    private static string[] Lines(string ios) =>
        ios.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "!" && l != "sip-ua").ToArray();
}
