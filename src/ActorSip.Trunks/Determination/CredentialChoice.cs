namespace ActorSip.Trunks;

/// <summary>Where a chosen username/password was configured.</summary>
public enum CredentialSource
{
    DialPeerAuthentication,
    SipUaCredentials,
    SipUaAuthentication,
}

/// <summary>The result of the determination order: answer with a username and password, or terminate the request.</summary>
public abstract record CredentialChoice
{
    /// <summary>The seed's step (1 to 5) that decided.</summary>
    public required int Step { get; init; }

    public sealed record Answer(string Username, Secret Password, Realm? Realm, CredentialSource Source) : CredentialChoice;

    public sealed record Terminate(string Reason) : CredentialChoice;
}
