using ActorSip.Sip.Tests.Auth;

namespace ActorSip.Sip.Tests.Cli;

public sealed class SipDigestCommandTests
{
    [Theory]
    [MemberData(nameof(DigestVector.Ids), MemberType = typeof(DigestVector))]
    public void Command_reproduces_every_vector(string id)
    {
        var v = DigestVector.All().Single(x => x.Id == id);
        var fips = v.Verified ? v : DigestVector.All().Single(x => x.Id == "rfc7616-3.9.2-inputs-fips-sha512-256");
        string[] args = ["sip", "digest", "--algorithm", v.Algorithm, "--username", v.Username, "--realm", v.Realm,
            "--password", v.Password, "--method", v.Method, "--uri", v.Uri, "--nonce", v.Nonce,
            "--qop", v.Qop, "--nc", v.Nc, "--cnonce", v.Cnonce, .. v.UserHash ? new[] { "--userhash" } : []];
        var result = CliRunner.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(fips.ExpectedResponse, result.Lines[0]);
        if (v.UserHash) Assert.Equal("username-hash: " + fips.ExpectedUsernameHash, result.Lines[1]);
        Assert.DoesNotContain(v.Password, result.Output + result.Error);
    }

    [Theory]
    [InlineData("--algorithm", "SHA-1")]
    [InlineData("--qop", "auth-conf")]
    public void Bad_values_exit_two(string option, string value)
    {
        var result = CliRunner.Run("sip", "digest", "--username", "u", "--realm", "r", "--password", "p", "--method", "REGISTER",
            "--uri", "sip:r", "--nonce", "n", "--nc", "00000001", "--cnonce", "c", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error);
    }

    [Fact]
    public void Missing_required_option_exits_two()
    {
        Assert.Equal(2, CliRunner.Run("sip", "digest", "--username", "u").ExitCode);
    }
}
