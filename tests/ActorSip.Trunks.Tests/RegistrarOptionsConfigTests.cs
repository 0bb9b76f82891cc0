using ActorSip.Sip;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Hocon;
using ActorSip.Trunks.Planning;

namespace ActorSip.Trunks.Tests;

/// <summary>The registrar options real running-configs carry: read from IOS and HOCON, planned, and printed back.</summary>
public sealed class RegistrarOptionsConfigTests
{
    private const string Ios = """
        sip-ua
         credentials number 1111 username U password P realm provider-a.test
         registrar 1 dns:provider-a.test auth-realm provider-a.test expires 600 random-contact refresh-ratio 50
         registrar 2 dns:provider-b.test expires 300 scheme sips
         registrar 3 ipv4:192.0.2.3:5061 scheme sips tls
         registrar 4 ipv4:192.0.2.4 refresh-ratio 100 scheme sip tcp
         registrar 5 ipv4:192.0.2.5 ref 75 rand auth R5
        !
        """;

    private static TrunkConfig Read(string text)
    {
        var result = TrunkConfigFile.Read(text, "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        return result.Config!;
    }

    private static Registrar R(TrunkConfig c, int index) => c.Registrars[RegistrarIndex.Create(index)];

    [Fact]
    public void Ios_options_are_read_into_the_model()
    {
        var c = Read(Ios);
        Assert.Equal(new RegistrarOptions { AuthRealm = new Realm("provider-a.test"), RandomContact = true, RefreshRatio = 50 }, R(c, 1).Options);
        Assert.Equal((600, SipTransportKind.Udp), (R(c, 1).Expires, R(c, 1).Transport));
        // sips needs no transport keyword: TLS is the only one it allows.
        Assert.Equal((RegistrarScheme.Sips, SipTransportKind.Tls), (R(c, 2).Options.Scheme, R(c, 2).Transport));
        Assert.Equal((RegistrarScheme.Sips, SipTransportKind.Tls), (R(c, 3).Options.Scheme, R(c, 3).Transport));
        Assert.Equal(new RegistrarOptions { RefreshRatio = 100 }, R(c, 4).Options);
        Assert.Equal(SipTransportKind.Tcp, R(c, 4).Transport);
        // Abbreviated as IOS allows.
        Assert.Equal(new RegistrarOptions { AuthRealm = new Realm("R5"), RandomContact = true, RefreshRatio = 75 }, R(c, 5).Options);
    }

    [Fact]
    public void The_legacy_form_takes_the_same_options()
    {
        var c = Read("sip-ua\n registrar dns:sip.example.net expires 120 refresh-ratio 60 random-contact auth-realm r\n registrar dns:b.example.net scheme sips secondary\n");
        Assert.Equal(new RegistrarOptions { AuthRealm = new Realm("r"), RandomContact = true, RefreshRatio = 60 }, c.PrimaryRegistrar!.Options);
        Assert.Equal((RegistrarScheme.Sips, SipTransportKind.Tls), (c.SecondaryRegistrar!.Options.Scheme, c.SecondaryRegistrar.Transport));
        Assert.Equal(c, Read(IosWriter.Write(c, SecretPrinting.Shown)));
        Assert.Equal(c, Read(HoconWriter.Write(c, SecretPrinting.Shown)));
    }

    [Fact]
    public void Running_config_prints_each_option_back_in_ios_order()
    {
        var printed = IosWriter.Write(Read(Ios), SecretPrinting.Masked);
        Assert.Contains(" registrar 1 dns:provider-a.test auth-realm provider-a.test expires 600 random-contact refresh-ratio 50\n", printed);
        Assert.Contains(" registrar 2 dns:provider-b.test expires 300 scheme sips\n", printed);
        Assert.Contains(" registrar 3 ipv4:192.0.2.3:5061 scheme sips\n", printed);
        Assert.Contains(" registrar 4 ipv4:192.0.2.4 refresh-ratio 100 tcp\n", printed);
        Assert.Contains(" registrar 5 ipv4:192.0.2.5 auth-realm R5 random-contact refresh-ratio 75\n", printed);
    }

    [Fact]
    public void Ios_and_hocon_round_trips_keep_every_option()
    {
        var config = Read(Ios);
        var ios = IosWriter.Write(config, SecretPrinting.Shown);
        Assert.Equal(config, Read(ios));
        Assert.Equal(ios, IosWriter.Write(Read(ios), SecretPrinting.Shown));

        var hocon = HoconWriter.Write(config, SecretPrinting.Shown);
        Assert.Contains("auth-realm = \"provider-a.test\", random-contact = on, refresh-ratio = 50", hocon);
        Assert.Contains("transport = tls, scheme = sips", hocon);
        var back = HoconConfigReader.Read(hocon, "printed.conf");
        Assert.True(back.IsOk, string.Join("\n", back.Errors) + "\n" + hocon);
        Assert.Equal(config, back.Config);
    }

    [Fact]
    public void Json_carries_the_options_under_the_hocon_keys()
    {
        var json = System.Text.Json.JsonDocument.Parse(JsonWriter.Write(Read(Ios), SecretPrinting.Masked));
        var first = json.RootElement.GetProperty("registrars")[0];
        Assert.Equal("provider-a.test", first.GetProperty("auth-realm").GetString());
        Assert.True(first.GetProperty("random-contact").GetBoolean());
        Assert.Equal(50, first.GetProperty("refresh-ratio").GetInt32());
        Assert.Equal("sips", json.RootElement.GetProperty("registrars")[1].GetProperty("scheme").GetString());
        Assert.False(json.RootElement.GetProperty("registrars")[3].TryGetProperty("scheme", out _));
    }

    [Fact]
    public void Hocon_refuses_bad_options_at_their_line()
    {
        var text = """
            actorsip.trunks {
              registrars = [
                { index = 1, target = "ipv4:192.0.2.1", scheme = sips, transport = udp }
                { index = 2, target = "ipv4:192.0.2.2", refresh-ratio = 20 }
                { index = 3, target = "ipv4:192.0.2.3", scheme = http }
                { index = 4, target = "ipv4:192.0.2.4", random-contact = maybe }
              ]
            }
            """;
        var result = HoconConfigReader.Read(text, "o.conf");
        Assert.False(result.IsOk);
        Assert.Equal(
        [
            "o.conf:3: % scheme sips needs TLS, not udp: remove 'udp' (sips implies tls) or use scheme sip",
            "o.conf:4: % refresh-ratio must be 50-100 (percent of the granted expiry)",
            "o.conf:5: % scheme must be sip or sips",
            "o.conf:6: % 'random-contact' must be on or off",
        ], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void The_plan_hands_every_option_to_the_bindings()
    {
        var plan = TrunkPlan.From(Read(Ios));
        var first = plan.Registrars.Single(r => r.Id == "1");
        Assert.Equal((50, "provider-a.test", true, RegistrarScheme.Sip), (first.RefreshRatio, first.AuthRealm, first.RandomContact, first.Scheme));
        var sips = plan.Registrars.Single(r => r.Id == "2");
        Assert.Equal((RegistrarScheme.Sips, SipTransportKind.Tls, (int?)null), (sips.Scheme, sips.Transport, sips.RefreshRatio));
    }

    [Theory]
    [InlineData("refresh-ratio 60")]
    [InlineData("auth-realm other.test")]
    [InlineData("random-contact")]
    [InlineData("scheme sips")]
    public void Changing_an_option_re_registers_that_registrars_bindings_only(string option)
    {
        var before = TrunkPlan.From(Read("sip-ua\n credentials number 1111 username U password P realm r\n registrar 1 dns:a.test\n registrar 2 dns:b.test\n"));
        var after = TrunkPlan.From(Read($"sip-ua\n credentials number 1111 username U password P realm r\n registrar 1 dns:a.test {option}\n registrar 2 dns:b.test\n"));
        var diff = TrunkPlan.Diff(before, after);
        Assert.Equal(["1"], diff.RegistrarsConfigured.Select(r => r.Id));
        Assert.Equal(["1111@1"], diff.BindingsChanged.Select(b => b.Id));
        Assert.Equal(["1111@2"], diff.BindingsKept.Select(b => b.Id));
    }

    [Fact]
    public void Config_apply_refuses_a_sips_registrar_over_udp_whatever_reader_made_it()
    {
        var registrar = new Registrar(RegistrarIndex.Create(1), new RegistrarTarget(RegistrarTargetKind.Dns, "a.test", null), null, SipTransportKind.Udp)
        {
            Options = new RegistrarOptions { Scheme = RegistrarScheme.Sips },
        };
        var result = TrunkConfig.Empty.Apply(new SetRegistrar(registrar));
        Assert.StartsWith("% scheme sips needs TLS, not udp", result.Error);
    }
}
