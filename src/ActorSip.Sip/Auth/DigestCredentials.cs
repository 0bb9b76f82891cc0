namespace ActorSip.Sip.Auth;

/// <summary>Who answers a challenge. The password is never printed: ToString masks it.</summary>
public sealed record DigestCredentials(string Username, string Password)
{
    public override string ToString() => $"DigestCredentials {{ Username = {Username}, Password = ***** }}";
}
