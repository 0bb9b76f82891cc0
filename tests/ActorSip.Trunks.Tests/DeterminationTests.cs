namespace ActorSip.Trunks.Tests;

public class DeterminationTests
{
    // Realm-less authentications exist (step 5 can answer).
    internal const string WithRealmLess =
        """
        dial-peer voice 3 pots
         destination-pattern 1111
         authentication username dp-user password dp-pass realm shared.example.com
         authentication username dp-nr password dp-nr-pass
        !
        dial-peer voice 4 pots
         destination-pattern 2222
        !
        sip-ua
         credentials number 1111 username cred-1111 password c1 realm shared.example.com
         credentials number 1111 username cred-1111-b password c2 realm creds.example.com
         credentials number 2222 username cred-2222 password c3 realm creds.example.com
         authentication username ua-user password u1 realm creds.example.com
         authentication username ua-user password u2 realm ua.example.com
         authentication username ua-nr-a password a
         authentication username ua-nr-b password b
        !
        """;

    // Only realm-specific entries: an unknown realm terminates (step 4).
    private const string RealmsOnly =
        """
        dial-peer voice 3 pots
         destination-pattern 1111
         authentication username dp-user password dp-pass realm shared.example.com
        !
        dial-peer voice 4 pots
         destination-pattern 2222
        !
        sip-ua
         credentials number 1111 username cred-1111 password c1 realm shared.example.com
         credentials number 1111 username cred-1111-b password c2 realm creds.example.com
         authentication username ua-user password u1 realm creds.example.com
        !
        """;

    private static TrunkConfig Config(string name)
    {
        var result = IosConfigReader.Read(name == "realm-less" ? WithRealmLess : RealmsOnly, name);
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Theory]
    // config, method, challenge realm, offered username, endpoint, dial-peer (0 = none) -> step, username (null = terminate)
    // Step 1: the dial-peer's realm wins over credentials and sip-ua for the same realm (tie); realm case does not matter.
    [InlineData("realm-less", "REGISTER", "SHARED.example.com", null, "1111", 0, 1, "dp-user")]
    [InlineData("realm-less", "INVITE", "shared.example.com", null, "1111", 3, 1, "dp-user")]
    [InlineData("realms-only", "REGISTER", "shared.example.com", null, "1111", 0, 1, "dp-user")]
    [InlineData("realms-only", "INVITE", "Shared.Example.Com", "someone", "1111", 3, 1, "dp-user")]
    // Step 2: credentials of this endpoint win over sip-ua authentication for the same realm (tie).
    [InlineData("realm-less", "REGISTER", "creds.example.com", null, "1111", 0, 2, "cred-1111-b")]
    [InlineData("realm-less", "INVITE", "creds.example.com", null, "2222", 4, 2, "cred-2222")]
    [InlineData("realms-only", "REGISTER", "CREDS.example.com", null, "1111", 0, 2, "cred-1111-b")]
    [InlineData("realms-only", "INVITE", "creds.example.com", null, "1111", 3, 2, "cred-1111-b")]
    // Step 3: sip-ua authentication; credentials of another number are never used.
    [InlineData("realm-less", "REGISTER", "ua.example.com", null, "1111", 0, 3, "ua-user")]
    [InlineData("realm-less", "INVITE", "creds.example.com", null, null, 0, 3, "ua-user")]
    [InlineData("realms-only", "REGISTER", "creds.example.com", null, "2222", 0, 3, "ua-user")]
    [InlineData("realms-only", "INVITE", "creds.example.com", null, "3333", 0, 3, "ua-user")]
    // Step 4: no entry for the received realm: terminate, never another realm's secret.
    [InlineData("realms-only", "REGISTER", "other.example.com", null, "1111", 0, 4, null)]
    [InlineData("realms-only", "INVITE", "other.example.com", "dp-user", "1111", 3, 4, null)]
    [InlineData("realms-only", "REGISTER", "shared.example.com", null, "2222", 0, 4, null)]
    [InlineData("realms-only", "INVITE", "shared.example.com", null, "2222", 4, 4, null)]
    [InlineData("realms-only", "REGISTER", null, null, "1111", 0, 4, null)]
    [InlineData("realms-only", "INVITE", null, "ua-user", "1111", 3, 4, null)]
    // Step 5: realm-less authentication; the dial-peer's first, then the offered username picks among sip-ua's.
    [InlineData("realm-less", "REGISTER", null, null, "1111", 0, 5, "dp-nr")]
    [InlineData("realm-less", "INVITE", "other.example.com", "ua-nr-b", "1111", 3, 5, "dp-nr")]
    [InlineData("realm-less", "REGISTER", null, "ua-nr-a", "2222", 0, 5, "ua-nr-a")]
    [InlineData("realm-less", "INVITE", "other.example.com", "ua-nr-b", "2222", 4, 5, "ua-nr-b")]
    [InlineData("realm-less", "INVITE", null, "ua-nr-b", null, 0, 5, "ua-nr-b")]
    // Step 5 tie without a username to break it: terminate rather than guess.
    [InlineData("realm-less", "REGISTER", "other.example.com", null, "2222", 0, 5, null)]
    [InlineData("realm-less", "INVITE", null, "nobody", "2222", 4, 5, null)]
    public void Determination_order(string config, string method, string? realm, string? offered, string? endpoint, int dialPeer, int step, string? username)
    {
        var challenge = new Challenge(
            realm is null ? null : new Realm(realm),
            offered,
            method == "REGISTER" ? ChallengedMethod.Register : ChallengedMethod.InviteOrOther,
            endpoint is null ? null : EndpointNumber.Parse(endpoint),
            dialPeer == 0 ? null : DialPeerTag.Create(dialPeer));

        var choice = CredentialDetermination.Determine(Config(config), challenge);

        Assert.Equal(step, choice.Step);
        if (username is null)
        {
            var terminate = Assert.IsType<CredentialChoice.Terminate>(choice);
            Assert.False(string.IsNullOrEmpty(terminate.Reason));
            return;
        }
        var answer = Assert.IsType<CredentialChoice.Answer>(choice);
        Assert.Equal(username, answer.Username);
        // Never a credential of another realm: either the challenged realm or a realm-less entry.
        if (answer.Realm is { } chosen)
        {
            Assert.Equal(challenge.Realm, chosen);
        }
        else
        {
            Assert.Equal(5, step);
        }
    }

    [Fact]
    public void The_answer_carries_the_configured_password_and_its_source()
    {
        var config = Config("realm-less");
        var answer = Assert.IsType<CredentialChoice.Answer>(CredentialDetermination.Determine(config,
            new Challenge(new Realm("creds.example.com"), null, ChallengedMethod.Register, EndpointNumber.Parse("1111"), null)));
        Assert.Equal("c2", answer.Password.Plaintext);
        Assert.Equal(CredentialSource.SipUaCredentials, answer.Source);
    }

    [Fact]
    public void No_realm_of_any_entry_is_offered_to_a_challenge_for_another_realm()
    {
        var config = Config("realms-only");
        var realms = new[] { "shared.example.com", "creds.example.com", "other.example.com", "x" };
        foreach (var challenged in realms)
        {
            foreach (var endpoint in new[] { "1111", "2222", "9999" })
            {
                foreach (var method in new[] { ChallengedMethod.Register, ChallengedMethod.InviteOrOther })
                {
                    var choice = CredentialDetermination.Determine(config,
                        new Challenge(new Realm(challenged), null, method, EndpointNumber.Parse(endpoint), null));
                    if (choice is CredentialChoice.Answer answer)
                    {
                        Assert.Equal(new Realm(challenged), answer.Realm);
                    }
                }
            }
        }
    }
}
