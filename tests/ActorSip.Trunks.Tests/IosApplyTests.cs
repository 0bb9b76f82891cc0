namespace ActorSip.Trunks.Tests;

/// <summary>`config apply`: IOS lines, `no` forms included, on top of the running configuration.</summary>
public sealed class IosApplyTests
{
    private static readonly TrunkConfig Running = IosConfigReader.Read("""
        sip-ua
         registrar 1 dns:a.example.com expires 600
         registrar 2 dns:b.example.com expires 600
         credentials number 1001 username u1001 password old-secret realm a.example.com
         credentials number 1001 username u1001b password other-secret realm b.example.com
        """, "running").Config!;

    [Fact]
    public void No_forms_and_changes_apply_on_top_and_each_line_is_reported_masked()
    {
        var result = IosApply.Apply(Running, """
            sip-ua
             no registrar 2
             no credentials number 1001 username u1001b password other-secret realm b.example.com
             no credentials number 1001 username u1001 password old-secret realm a.example.com
             credentials number 1001 username u1001 password new-secret realm a.example.com
             registrar 1 dns:a.example.com expires 600
            """, "change.cfg");

        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Equal([1], result.Config!.Registrars.Keys.Select(k => k.Value));
        var credential = Assert.Single(result.Config.Credentials);
        Assert.Equal("new-secret", credential.Password.Plaintext);
        Assert.Equal(
            [(2, "no registrar 2", true), (3, "no credentials number 1001 username u1001b password ***** realm b.example.com", true),
             (4, "no credentials number 1001 username u1001 password ***** realm a.example.com", true),
             (5, "credentials number 1001 username u1001 password ***** realm a.example.com", true), (6, "registrar 1 dns:a.example.com expires 600", false)],
            result.Lines.Select(l => (l.Line, l.Text, l.Changed)));
        Assert.DoesNotContain(result.Lines, l => l.Text.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void One_bad_line_refuses_the_whole_change_with_its_line_number()
    {
        var result = IosApply.Apply(Running, "sip-ua\n no registrar 2\n no registrar 5\n registrar 3 ipv4:1.2.3\n", "-");

        Assert.False(result.IsOk);
        Assert.Null(result.Config);
        Assert.Equal(["-:3: % registrar 5 is not configured", "-:4: % invalid IPv4 address '1.2.3'"], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("credentials username a password 7 0822455D0A16 realm r", "credentials username a password 7 ***** realm r")]
    [InlineData("authentication username a password 0 clear realm r", "authentication username a password 0 ***** realm r")]
    [InlineData("authentication username a password clear", "authentication username a password *****")]
    [InlineData("registrar 1 dns:a.example.com", "registrar 1 dns:a.example.com")]
    public void Secrets_are_masked_in_reported_lines(string line, string masked) => Assert.Equal(masked, IosSecretMask.Mask(line));
}
