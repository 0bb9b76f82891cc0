using ActorSip.Trunks.Planning;

namespace ActorSip.Trunks.Tests.Planning;

public sealed class TrunkPlanTests
{
    // The determination tests' configuration with realm-less entries, plus two registrars.
    private const string Mixed = DeterminationTests.WithRealmLess + "\n" + """
        sip-ua
         registrar 1 dns:example1.com expires 180
         registrar 2 ipv4:192.0.2.1:5080 expires 360 tcp
        !
        """;

    private static TrunkConfig Read(string text)
    {
        var result = IosConfigReader.Read(text, "test.cfg");
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        return result.Config!;
    }

    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string> { Mixed };
        // The seed's examples show only the sip-ua part; give them POTS endpoints so there is something to look up.
        foreach (var seed in Fixture.SeedExamples)
            data.Add("dial-peer voice 3 pots\n destination-pattern 3333\n!\ndial-peer voice 99 pots\n destination-pattern 9999\n!\n" + Fixture.Text(seed));
        return data;
    }

    [Fact]
    public void Every_endpoint_registers_with_every_registrar()
    {
        var plan = TrunkPlan.From(Read(Mixed));
        Assert.Equal(["1", "2"], plan.Registrars.Select(r => r.Id));
        Assert.Equal(180, plan.Registrars[0].Expires);
        Assert.Equal(ActorSip.Sip.SipTransportKind.Tcp, plan.Registrars[1].Transport);
        Assert.Equal(["1111", "2222"], plan.Endpoints.Select(e => e.ToString()));
        Assert.Equal(["1111@1", "1111@2", "2222@1", "2222@2"], plan.Bindings.Select(b => b.Id));
    }

    [Fact]
    public void Seed_example_three_registers_both_credential_numbers_with_both_registrars()
    {
        var plan = TrunkPlan.From(Read(Fixture.Text("seed-example-3-credentials.txt")));
        Assert.Equal(4, plan.Bindings.Length);
        Assert.Equal(TrunkPlan.DefaultExpires, TrunkPlan.From(Read("sip-ua\n registrar 1 dns:a.example\n")).Registrars[0].Expires);
    }

    [Fact]
    public void A_slice_holds_only_its_realm()
    {
        var plan = TrunkPlan.From(Read(Mixed));
        var slice = plan.CredentialSlices.Single(s => s.Id == "1111/creds.example.com");
        Assert.All(slice.Config.Credentials, c => Assert.Equal("creds.example.com", c.Realm.Value, ignoreCase: true));
        Assert.All(slice.Config.Authentications, a => Assert.Equal("creds.example.com", a.Realm!.Value.Value, ignoreCase: true));
        Assert.Empty(slice.Config.DialPeers.Values.Single().Authentications);
        Assert.Contains(plan.CredentialSlices, s => s.Id == "1111/*");
    }

    /// <summary>The sliced lookup (one realm's entity, then the realm-less one) answers exactly as the whole
    /// configuration does, for every endpoint, realm, method and offered username.</summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void Sliced_lookup_answers_as_the_whole_configuration(string text)
    {
        var config = Read(text);
        var plan = TrunkPlan.From(config);
        var slices = plan.CredentialSlices.ToDictionary(s => s.Id, s => s.Config);
        var realms = plan.CredentialSlices.Where(s => s.Realm is not null).Select(s => (Realm?)s.Realm)
            .Append(null).Append(new Realm("unknown.example.net")).Append(new Realm("CREDS.EXAMPLE.COM")).ToList();
        var users = new string?[] { null, "dp-nr", "ua-nr-b", "nobody" };
        var checkedCount = 0;
        foreach (var endpoint in plan.Endpoints)
        foreach (var realm in realms)
        foreach (var method in new[] { ChallengedMethod.Register, ChallengedMethod.InviteOrOther })
        foreach (var user in users)
        {
            var challenge = new Challenge(realm, user, method, endpoint, null);
            var whole = CredentialDetermination.Determine(config, challenge);
            var sliced = TrunkPlan.Determine(id => slices.GetValueOrDefault(id), challenge);
            Assert.Equal(whole.GetType(), sliced.GetType());
            if (whole is CredentialChoice.Answer a && sliced is CredentialChoice.Answer b)
            {
                Assert.Equal((a.Username, a.Password.Plaintext, a.Realm, a.Source, a.Step), (b.Username, b.Password.Plaintext, b.Realm, b.Source, b.Step));
            }
            checkedCount++;
        }
        Assert.True(checkedCount > 10);
    }
}
