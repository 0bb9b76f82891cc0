using ActorSip.Trunks;

namespace ActorSip.Cluster.Credentials;

/// <summary>Answers challenge lookups with the determination order, wherever the credential lives in the cluster.</summary>
public interface ICredentialDirectory
{
    /// <summary>The credential to answer <paramref name="challenge"/> with, or "terminate the request".
    /// The password is in memory only for the caller; it is never logged.</summary>
    Task<CredentialChoice> LookupAsync(Challenge challenge, CancellationToken ct);
}
