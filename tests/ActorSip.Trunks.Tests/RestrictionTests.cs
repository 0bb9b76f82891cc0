using System.Globalization;

namespace ActorSip.Trunks.Tests;

/// <summary>Each failing fixture states its expected errors as `! expect LINE: message-start` lines ('!' is an IOS comment).</summary>
public class RestrictionTests
{
    private static List<(int Line, string Message)> Expected(string text) =>
        text.Split('\n')
            .Where(l => l.StartsWith("! expect ", StringComparison.Ordinal))
            .Select(l =>
            {
                var rest = l["! expect ".Length..];
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                return (int.Parse(rest[..colon], CultureInfo.InvariantCulture), rest[(colon + 1)..].Trim());
            })
            .ToList();

    [Fact]
    public void There_is_a_failing_example_for_every_restriction()
    {
        var names = Fixture.FailingNames();
        foreach (var required in new[]
        {
            "fail-registrar-forms-legacy-then-indexed.txt", "fail-registrar-forms-indexed-then-legacy.txt",
            "fail-dhcp-indexed-registrar.txt", "fail-credentials-dhcp-with-multiple-registrars.txt",
            "fail-seventh-registrar.txt", "fail-thirteen-realms-for-one-endpoint.txt",
            "fail-duplicate-authentication-username-realm.txt", "fail-credentials-removed-all-at-once.txt",
            "fail-type7-password-does-not-decode.txt",
        })
        {
            Assert.Contains(required, names);
        }
    }

    [Theory]
    [MemberData(nameof(Fixture.Failing), MemberType = typeof(Fixture))]
    public void Failing_example_is_refused_with_line_numbered_errors(string name)
    {
        var text = Fixture.Text(name);
        var expected = Expected(text);
        Assert.NotEmpty(expected);
        var result = IosConfigReader.Read(text, name);
        Assert.False(result.IsOk);
        Assert.Null(result.Config);
        Assert.Equal(expected.Select(e => e.Line), result.Errors.Select(e => e.Line));
        foreach (var (want, got) in expected.Zip(result.Errors))
        {
            Assert.Equal(name, got.File);
            Assert.StartsWith(want.Message, got.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Fixture.Failing), MemberType = typeof(Fixture))]
    public void Config_check_prints_every_error_as_file_line_message_and_exits_1(string name)
    {
        var path = Fixture.Path(name);
        var (code, output, error) = Cli.Run("config", "check", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Expected(Fixture.Text(name)).Count, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^" + System.Text.RegularExpressions.Regex.Escape(path) + @":\d+: % ", l));
    }

    [Fact]
    public void Errors_about_type_7_passwords_do_not_echo_them()
    {
        var (_, _, error) = Cli.Run("config", "check", Fixture.Path("fail-type7-password-does-not-decode.txt"));
        Assert.DoesNotContain("0822455D0A1", error);
        Assert.DoesNotContain("1622455D0A16", error);
        Assert.DoesNotContain("0822455D0AZ6", error);
    }

    [Fact]
    public void A_credential_removed_with_its_full_key_is_gone_and_the_other_stays()
    {
        var result = IosConfigReader.Read(
            """
            sip-ua
             credentials number 1111 username A password pa realm R1
             credentials number 1111 username B password pb realm R2
             no credentials number 1111 username A password pa realm r1
            """, "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Equal(["B"], result.Config!.Credentials.Select(c => c.Username));
    }

    [Fact]
    public void Re_entering_an_identical_line_changes_nothing()
    {
        var line = " authentication username U password P realm R\n";
        var result = IosConfigReader.Read("sip-ua\n" + line + line, "t");
        Assert.True(result.IsOk);
        Assert.Single(result.Config!.Authentications);
    }

    [Fact]
    public void Twelve_realms_for_one_endpoint_are_accepted()
    {
        var lines = Enumerable.Range(1, 12).Select(i => $" credentials number 1111 username u{i} password p realm r{i}");
        var result = IosConfigReader.Read("sip-ua\n" + string.Join("\n", lines), "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Equal(12, result.Config!.Credentials.Count);
    }

    [Fact]
    public void The_duplicate_and_realm_checks_see_credentials_however_they_were_set()
    {
        var number = EndpointNumber.Parse("1111");
        var realm = new Realm("r");
        var alice = new Credential(number, "alice", Secret.Clear("p"), realm);
        var bob = alice with { Username = "bob" };

        // Removed and added again, with another username: no stale entry claims the pair is taken.
        var config = TrunkConfig.Empty.Apply(new SetCredential(alice)).Config;
        config = config.Apply(new RemoveCredential(number, "alice", realm)).Config;
        var readded = config.Apply(new SetCredential(bob));
        Assert.True(readded.IsOk, readded.Error);
        Assert.Equal(["bob"], readded.Config.Credentials.Select(c => c.Username));

        // Set without the rules (as a slice of the directory is): a conflicting line is still refused.
        var built = TrunkConfig.Empty with { Credentials = [alice] };
        var refused = built.Apply(new SetCredential(bob));
        Assert.False(refused.IsOk);
        Assert.StartsWith("% credentials for number 1111 realm r already configured", refused.Error, StringComparison.Ordinal);

        // And the realm limit counts them: twelve realms set that way, a thirteenth through the rules is refused.
        var twelve = TrunkConfig.Empty with
        {
            Credentials = [.. Enumerable.Range(1, 12).Select(i => new Credential(number, $"u{i}", Secret.Clear("p"), new Realm($"r{i}")))],
        };
        var thirteenth = twelve.Apply(new SetCredential(new Credential(number, "u13", Secret.Clear("p"), new Realm("r13"))));
        Assert.False(thirteenth.IsOk);
        Assert.Contains("would have 13 different realms", thirteenth.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip-ua\n registrar dhcp expires 3600\n", "'registrar dhcp'", "registrar N dns:NAME")]
    [InlineData("sip-ua\n registrar 2 dhcp\n", "'registrar N dhcp'", "registrar N dns:NAME")]
    [InlineData("sip-ua\n credentials dhcp password P realm R\n", "'credentials dhcp'", "credentials number N username U")]
    [InlineData("sip-ua\n no credentials dhcp realm R\n", "'no credentials dhcp'", "credentials number N username U")]
    public void Dhcp_forms_are_refused_with_what_to_use_instead(string text, string form, string instead)
    {
        var result = IosConfigReader.Read(text, "t");
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.StartsWith($"% {form} is not supported by ActorSip", error.Message, StringComparison.Ordinal);
        Assert.Contains(instead, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_the_legacy_registrar_allows_indexed_registrars()
    {
        var result = IosConfigReader.Read(
            "sip-ua\n registrar dns:old.example.com expires 3600\n no registrar\n registrar 1 dns:example1.com expires 180\n", "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Null(result.Config!.PrimaryRegistrar);
        Assert.Single(result.Config.Registrars);
    }

    [Fact]
    public void Apply_refuses_without_changing_the_configuration()
    {
        var config = TrunkConfig.Empty.Apply(new SetLegacyRegistrar(new LegacyRegistrar(
            new RegistrarTarget(RegistrarTargetKind.Dns, "old.example.com", null), null, ActorSip.Sip.SipTransportKind.Udp), false)).Config;
        var refused = config.Apply(new SetRegistrar(new Registrar(RegistrarIndex.Create(1),
            new RegistrarTarget(RegistrarTargetKind.Dns, "example1.com", null), 180, ActorSip.Sip.SipTransportKind.Udp)));
        Assert.False(refused.IsOk);
        Assert.Same(config, refused.Config);
    }
}
