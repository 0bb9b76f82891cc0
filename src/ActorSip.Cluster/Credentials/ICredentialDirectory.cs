using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>Answers challenge lookups with the determination order, wherever the credential lives in the cluster.</summary>
public interface ICredentialDirectory
{
    /// <summary>The credential to answer <paramref name="challenge"/> with, or "terminate the request". The password
    /// stays encrypted until the caller uses it for one digest computation.</summary>
    Task<CredentialLookup> LookupAsync(Challenge challenge, CancellationToken ct);
}
