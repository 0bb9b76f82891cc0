using ActorSip.Sip;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Hocon;

namespace ActorSip.Trunks.Tests;

public class SeedExampleTests
{
    private static TrunkConfig Read(string name)
    {
        var result = IosConfigReader.Read(Fixture.Text(name), name);
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Fact]
    public void Example_1_registers_two_registrars_with_four_realm_authentications()
    {
        var config = Read(Fixture.SeedExamples[0]);
        Assert.Equal([RegistrarIndex.Create(1), RegistrarIndex.Create(2)], config.Registrars.Keys);
        Assert.Equal(new RegistrarTarget(RegistrarTargetKind.Dns, "example2.com", null), config.Registrars[RegistrarIndex.Create(2)].Target);
        Assert.Equal(360, config.Registrars[RegistrarIndex.Create(2)].Expires);
        Assert.Equal(SipTransportKind.Udp, config.Registrars[RegistrarIndex.Create(1)].Transport);
        Assert.Equal(
            ["Realm.example1.com", "AnotherRealm.example1.com", "Realm.example2.com", "AnotherRealm.example2.com"],
            config.Authentications.Select(a => a.Realm!.Value.Value));
        // The wrapped line after the page break (blank lines between) still continues its command.
        Assert.Equal("MyPassword3", config.Authentications[2].Password.Plaintext);
    }

    [Fact]
    public void Example_2_gives_dial_peer_3_two_realms_and_a_registrar_by_address()
    {
        var config = Read(Fixture.SeedExamples[1]);
        var peer = config.DialPeers[DialPeerTag.Create(3)];
        Assert.Equal(["realm1.example.com", "Realm2.example.com"], peer.Authentications.Select(a => a.Realm!.Value.Value));
        Assert.Equal(new RegistrarTarget(RegistrarTargetKind.Ipv4, "1.1.1.1", null), config.Registrars[RegistrarIndex.Create(2)].Target);
        Assert.Null(peer.DestinationPattern);
    }

    [Fact]
    public void Example_3_keys_credentials_by_number_and_realm()
    {
        var config = Read(Fixture.SeedExamples[2]);
        Assert.Equal(4, config.Credentials.Count);
        var their2 = config.Credentials.Single(c => c.Username == "TheirUsername2");
        Assert.Equal(EndpointNumber.Parse("2222"), their2.Number);
        Assert.Equal("TheirOtherPassword", their2.Password.Plaintext);
        Assert.Equal(new Realm("anotherrealm.EXAMPLE1.com"), their2.Realm);
    }

    [Theory]
    [InlineData(0, "ok: 2 registrars, 0 endpoints, 4 credentials")]
    [InlineData(1, "ok: 2 registrars, 1 endpoints, 2 credentials")]
    [InlineData(2, "ok: 2 registrars, 2 endpoints, 4 credentials")]
    public void Each_example_passes_config_check(int example, string expected)
    {
        var (code, output, error) = Cli.Run("config", "check", Fixture.Path(Fixture.SeedExamples[example]));
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Equal(expected, output.Trim());
    }

    [Theory]
    [MemberData(nameof(Fixture.Seeds), MemberType = typeof(Fixture))]
    public void Ios_round_trip_gives_the_same_model(string name)
    {
        var config = Read(name);
        var printed = IosWriter.Write(config, SecretPrinting.Shown);
        var again = IosConfigReader.Read(printed, "printed");
        Assert.True(again.IsOk, string.Join("\n", again.Errors) + "\n" + printed);
        Assert.Equal(config, again.Config);
        Assert.Equal(printed, IosWriter.Write(again.Config!, SecretPrinting.Shown));
    }

    [Theory]
    [MemberData(nameof(Fixture.Seeds), MemberType = typeof(Fixture))]
    public void Hocon_round_trip_gives_the_same_model(string name)
    {
        var config = Read(name);
        var printed = HoconWriter.Write(config, SecretPrinting.Shown);
        var again = HoconConfigReader.Read(printed, "printed.conf");
        Assert.True(again.IsOk, string.Join("\n", again.Errors) + "\n" + printed);
        Assert.Equal(config, again.Config);
        // and back to IOS, through the CLI's own detection
        var ios = IosWriter.Write(again.Config!, SecretPrinting.Shown);
        Assert.Equal(config, TrunkConfigFile.Read(ios, "again").Config);
    }

    [Theory]
    [MemberData(nameof(Fixture.Seeds), MemberType = typeof(Fixture))]
    public void Config_show_ios_prints_an_equivalent_configuration(string name)
    {
        var (code, output, _) = Cli.Run("config", "show", Fixture.Path(name), "--format", "ios", "--show-secrets");
        Assert.Equal(0, code);
        Assert.Equal(Read(name), IosConfigReader.Read(output, "shown").Config);
    }

    [Fact]
    public void Config_show_ios_prints_example_1_as_running_config()
    {
        var (_, output, _) = Cli.Run("config", "show", Fixture.Path(Fixture.SeedExamples[0]), "--format", "ios");
        Assert.Equal(
            """
            sip-ua
             authentication username MyUsername password 0 ***** realm Realm.example1.com
             authentication username MyUsername password 0 ***** realm AnotherRealm.example1.com
             authentication username MyUsername password 0 ***** realm Realm.example2.com
             authentication username MyUsername password 0 ***** realm AnotherRealm.example2.com
             registrar 1 dns:example1.com expires 180
             registrar 2 dns:example2.com expires 360
            !

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            output);
    }
}
