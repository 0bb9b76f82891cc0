using ActorSip.Trunks.Export;
using ActorSip.Trunks.Hocon;

namespace ActorSip.Trunks.Tests;

public class HoconConfigReaderTests
{
    [Fact]
    public void The_documented_example_reads()
    {
        var text = Fixture.Text("trunks.example.conf");
        Assert.Equal(ConfigFileFormat.Hocon, TrunkConfigFile.Detect(text));
        var result = HoconConfigReader.Read(text, "trunks.example.conf");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        var config = result.Config!;
        Assert.Equal(2, config.Registrars.Count);
        Assert.Equal(ActorSip.Sip.SipTransportKind.Tls, config.Registrars[RegistrarIndex.Create(2)].Transport);
        Assert.Equal("cisco", config.Credentials[1].Password.Plaintext);
        Assert.Equal(EndpointNumber.Parse("5550100"), config.DialPeers[DialPeerTag.Create(3)].Endpoint);
        Assert.True(config.LocalHost!.Preferred);
        // HOCON -> IOS -> model gives the same model.
        Assert.Equal(config, IosConfigReader.Read(IosWriter.Write(config, SecretPrinting.Shown), "ios").Config);
        Assert.Equal(config, HoconConfigReader.Read(HoconWriter.Write(config, SecretPrinting.Shown), "again").Config);
    }

    [Fact]
    public void Errors_name_the_line_of_the_offending_entry()
    {
        var text =
            """
            actorsip.trunks {
              registrars = [
                { index = 1, target = "dns:example1.com", expires = 180 }
                { index = 7, target = "dns:example7.com" }
              ]
              legacy-registrar {
                primary { target = "dns:old.example.com" }
              }
              authentication = [
                { username = "u", password = "0822455D0A1", password-type = 7, realm = "r" }
              ]
            }
            """;
        var result = HoconConfigReader.Read(text, "t.conf");
        Assert.Equal(
            [
                "t.conf:4: % registrar index must be 1-6",
                "t.conf:7: % indexed registrars already configured; remove them ('no registrar N') before configuring a primary/secondary registrar (the two forms are mutually exclusive)",
                "t.conf:10: % invalid type 7 password (odd-length: odd length)",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_keys_and_syntax_errors_are_refused()
    {
        var unknown = HoconConfigReader.Read("actorsip.trunks {\n  registrar = []\n}\n", "u.conf");
        Assert.Equal("u.conf:2: % unknown key 'registrar' in actorsip.trunks", Assert.Single(unknown.Errors).ToString());
        var broken = HoconConfigReader.Read("actorsip.trunks { registrars = [ { index = 1 ", "b.conf");
        Assert.False(broken.IsOk);
        Assert.Equal(1, broken.Errors[0].Line);
    }

    [Fact]
    public void Dhcp_forms_are_refused_with_the_line_of_the_key()
    {
        var result = HoconConfigReader.Read(
            """
            actorsip.trunks {
              legacy-registrar {
                primary { dhcp = on }
              }
              credentials = [
                { dhcp = on, password = "p", realm = "r" }
              ]
            }
            """, "d.conf");
        Assert.Equal([3, 6], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.StartsWith("% 'dhcp = on' is not supported by ActorSip", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Ios_text_is_detected_as_ios()
    {
        Assert.Equal(ConfigFileFormat.Ios, TrunkConfigFile.Detect("!\nsip-ua\n registrar 1 dns:a.example.com\n"));
        Assert.Equal(ConfigFileFormat.Ios, TrunkConfigFile.Detect(Fixture.Text(Fixture.SeedExamples[0])));
    }
}
