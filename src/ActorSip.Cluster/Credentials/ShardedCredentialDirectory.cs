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
    public async Task<CredentialChoice> LookupAsync(Challenge challenge, CancellationToken ct)
    {
        CredentialChoice choice;
        try
        {
            choice = await TrunkPlan.DetermineAsync(async (sliceId, token) => await AskAsync(sliceId, challenge, token).ConfigureAwait(false), challenge, ct)
                .ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            ActorSipMetrics.CredentialLookups.Add(1, new KeyValuePair<string, object?>("result", "error"));
            throw;
        }
        ActorSipMetrics.CredentialLookups.Add(1, new KeyValuePair<string, object?>("result", choice is CredentialChoice.Answer ? "found" : "not_found"));
        return choice;
    }

    private async Task<CredentialChoice> AskAsync(string sliceId, Challenge challenge, CancellationToken ct)
    {
        var result = await region.Ask<CredentialQueries.LookupResult>(
            new CredentialQueries.Lookup(sliceId, challenge.Realm?.Value, challenge.OfferedUsername, challenge.Method), timeout, ct)
            .ConfigureAwait(false);
        if (result.Username is null || result.Password is null)
            return new CredentialChoice.Terminate(result.Reason ?? "no credential") { Step = result.Step };
        var password = protector.Unprotect(result.Password, CredentialActor.PersistenceIdFor(sliceId));
        return new CredentialChoice.Answer(result.Username, Secret.Clear(password), challenge.Realm,
            CredentialSource.SipUaCredentials) { Step = result.Step };
    }
}
