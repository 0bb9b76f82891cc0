using ActorSip.Sip;
using ActorSip.Trunks.Export;

namespace ActorSip.Trunks.Tests;

public class IosConfigReaderTests
{
    private static TrunkConfig Read(string text)
    {
        var result = IosConfigReader.Read(text, "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Fact]
    public void A_whole_running_config_keeps_only_sip_ua_and_pots_dial_peers()
    {
        var config = Read(
            """
            Building configuration...

            Current configuration : 2048 bytes
            !
            version 15.1
            hostname Router
            !
            voice service voip
             sip
              registrar server expires max 600 min 60
            !
            interface GigabitEthernet0/0
             ip address 192.0.2.1 255.255.255.0
             authentication username nobody password x
            !
            dial-peer voice 100 voip
             destination-pattern 9T
             authentication username voip-user password x realm ignored.example.com
            !
            dial-peer voice 3 pots
             description front desk
             destination-pattern +15550100
             port 0/0/0
             authentication username MyUser password 7 0822455D0A16 realm realm1.example.com
            !
            sip-ua
             retry register 9
             registrar 1 dns:example1.com:5070 expires 180 tcp
             registrar 2 ipv6:[2001:db8::1]:5061 expires 360 tls
             registrar 3 ipv4:192.0.2.10
             localhost dns:example1.com preferred
            !
            line con 0
            end
            """);
        var peer = Assert.Single(config.DialPeers.Values);
        Assert.Equal(EndpointNumber.Parse("+15550100"), peer.Endpoint);
        Assert.Equal("cisco", peer.Authentications[0].Password.Plaintext);
        Assert.Equal(PasswordType.Type7, peer.Authentications[0].Password.Type);
        Assert.Equal(3, config.Registrars.Count);
        Assert.Equal(new RegistrarTarget(RegistrarTargetKind.Dns, "example1.com", 5070), config.Registrars[RegistrarIndex.Create(1)].Target);
        Assert.Equal(SipTransportKind.Tcp, config.Registrars[RegistrarIndex.Create(1)].Transport);
        Assert.Equal(new RegistrarTarget(RegistrarTargetKind.Ipv6, "2001:db8::1", 5061), config.Registrars[RegistrarIndex.Create(2)].Target);
        Assert.Equal(SipTransportKind.Tls, config.Registrars[RegistrarIndex.Create(2)].Transport);
        Assert.Null(config.Registrars[RegistrarIndex.Create(3)].Expires);
        Assert.Equal(new LocalHost("example1.com", true), config.LocalHost);
        Assert.Empty(config.Authentications);
    }

    [Fact]
    public void No_forms_remove_what_they_name()
    {
        var config = Read(
            """
            Router(config)# dial-peer voice 3 pots
            Router(config-dial-peer)# destination-pattern 3000
            Router(config-dial-peer)# authentication username A password P realm R1
            Router(config-dial-peer)# authentication username A password P realm R2
            Router(config-dial-peer)# voice-class sip localhost dns:example2.com preferred
            Router(config-dial-peer)# no authentication username A password P realm r1
            Router(config-dial-peer)# no voice-class sip localhost
            Router(config-dial-peer)# exit
            Router(config)# dial-peer voice 4 pots
            Router(config-dial-peer)# exit
            Router(config)# no dial-peer voice 4 pots
            Router(config)# sip-ua
            Router(config-sip-ua)# registrar 1 dns:example1.com expires 180
            Router(config-sip-ua)# registrar 2 dns:example2.com expires 360
            Router(config-sip-ua)# no registrar 1
            Router(config-sip-ua)# authentication username U password P
            Router(config-sip-ua)# no authentication username U
            Router(config-sip-ua)# localhost dns:example1.com
            Router(config-sip-ua)# no localhost
            """);
        var peer = Assert.Single(config.DialPeers.Values);
        Assert.Equal([new Realm("R2")], peer.Authentications.Select(a => a.Realm!.Value));
        Assert.Null(peer.LocalHost);
        Assert.Equal([RegistrarIndex.Create(2)], config.Registrars.Keys);
        Assert.Empty(config.Authentications);
        Assert.Null(config.LocalHost);
    }

    [Fact]
    public void Keywords_may_be_abbreviated_as_in_ios()
    {
        var config = Read("sip-ua\n auth user U pass 7 0822455D0A16 realm R\n cred num 1111 user U pass P realm R\n reg 1 dns:example1.com exp 180\n");
        Assert.Equal("cisco", config.Authentications[0].Password.Plaintext);
        Assert.Equal(EndpointNumber.Parse("1111"), config.Credentials[0].Number);
        Assert.Equal(180, config.Registrars[RegistrarIndex.Create(1)].Expires);
    }

    [Fact]
    public void A_line_wrapped_in_a_running_config_continues_when_the_command_is_incomplete()
    {
        var config = Read("sip-ua\n credentials number 1111 username U password P\nrealm R\n registrar 1 dns:example1.com\n");
        Assert.Equal(new Realm("R"), Assert.Single(config.Credentials).Realm);
    }

    [Fact]
    public void Credentials_without_number_use_the_username_as_the_endpoint()
    {
        var config = Read("sip-ua\n credentials username 5550100 password P realm R\n");
        Assert.Equal(EndpointNumber.Parse("5550100"), config.Credentials[0].Number);
    }

    [Fact]
    public void Errors_are_reported_for_every_bad_line_and_reading_goes_on()
    {
        var result = IosConfigReader.Read("sip-ua\n registrar 9 dns:a.example.com\n registrar 1 dns:ok.example.com\n registrar 2\n", "cfg.txt");
        Assert.Equal(["cfg.txt:2: % registrar index must be 1-6", "cfg.txt:4: % Incomplete command."], result.Errors.Select(e => e.ToString()));
        // Only the good registrar became a command; the bad lines produced none.
        Assert.IsType<SetRegistrar>(Assert.Single(result.Commands).Command);
    }

    [Fact]
    public void Type_7_passwords_are_printed_back_as_configured()
    {
        var config = Read("sip-ua\n authentication username U password 7 0822455d0a16 realm R\n");
        Assert.Contains("password 7 0822455D0A16 realm R", IosWriter.Write(config, SecretPrinting.Shown));
        Assert.Contains("password 7 ***** realm R", IosWriter.Write(config, SecretPrinting.Masked));
    }
}
