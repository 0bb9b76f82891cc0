using Akka.Actor;
using ActorSip.Cluster.Metrics;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// The credential directory over the "credential" shard region: the realm's slice of the endpoint answers first
/// (seed steps 1-3), then the endpoint's realm-less slice (step 5); nothing else is ever asked, so no other realm's
/// secret can be chosen. Works the same whichever node holds the entities.
/// </summary>
public sealed class ShardedCredentialDirectory(IActorRef region, SecretProtector protector, TimeSpan timeout) : ICredentialDirectory
{
    public async Task<CredentialLookup> LookupAsync(Challenge challenge, CancellationToken ct)
    {
        // The determination order works on CredentialChoice; each answer from a slice is mapped (by reference) to the
        // encrypted password that came with it, which is what the caller gets.
        var passwords = new Dictionary<CredentialChoice, ProtectedPassword>(ReferenceEqualityComparer.Instance);
        CredentialChoice choice;
        try
        {
            choice = await TrunkPlan.DetermineAsync(async (sliceId, token) => await AskAsync(sliceId, challenge, passwords, token).ConfigureAwait(false), challenge, ct)
                .ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            ActorSipMetrics.CredentialLookups.Add(1, new KeyValuePair<string, object?>("result", "error"));
            throw;
        }
        ActorSipMetrics.CredentialLookups.Add(1, new KeyValuePair<string, object?>("result", choice is CredentialChoice.Answer ? "found" : "not_found"));
        return choice switch
        {
            CredentialChoice.Answer a => new CredentialLookup.Answer(a.Username, passwords[a], a.Realm, a.Source) { Step = a.Step },
            CredentialChoice.Terminate t => new CredentialLookup.Terminate(t.Reason) { Step = t.Step },
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
    }

    private async Task<CredentialChoice> AskAsync(string sliceId, Challenge challenge, Dictionary<CredentialChoice, ProtectedPassword> passwords, CancellationToken ct)
    {
        var result = await region.Ask<CredentialQueries.LookupResult>(
            new CredentialQueries.Lookup(sliceId, challenge.Realm?.Value, challenge.OfferedUsername, challenge.Method), timeout, ct)
            .ConfigureAwait(false);
        if (result.Username is null || result.Password is null)
            return new CredentialChoice.Terminate(result.Reason ?? "no credential") { Step = result.Step };
        var answer = new CredentialChoice.Answer(result.Username, Placeholder, challenge.Realm, CredentialSource.SipUaCredentials) { Step = result.Step };
        passwords[answer] = new ProtectedPassword(result.Password, CredentialAssociatedData.LookupResult(sliceId), protector);
        return answer;
    }

    /// <summary>Stands in for the password in the determination's answer, which never reads it.</summary>
    private static readonly Secret Placeholder = Secret.Clear("(encrypted until used)");
}
