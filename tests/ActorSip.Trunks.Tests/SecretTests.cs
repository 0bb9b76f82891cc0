using ActorSip.Trunks.Hocon;

namespace ActorSip.Trunks.Tests;

public class SecretTests
{
    [Fact]
    public void ToString_of_every_type_holding_a_password_masks_it()
    {
        var config = TrunkConfigFile.Read(Fixture.Text("trunks.example.conf"), "x").Config!;
        var texts = new[]
        {
            config.Credentials[0].ToString(), config.Authentications[0].ToString(),
            config.DialPeers.Values.First().ToString(), config.ToString(), Secret.Clear("MyPassword").ToString(),
            new SetCredential(config.Credentials[0]).ToString(),
        };
        foreach (var text in texts)
        {
            Assert.DoesNotContain("MyPassword", text);
            Assert.DoesNotContain("0822455D0A16", text);
        }
        Assert.Contains(Secret.Mask, texts[0]);
    }

    [Theory]
    [InlineData("ios")]
    [InlineData("hocon")]
    [InlineData("json")]
    public void Config_show_masks_passwords_unless_asked(string format)
    {
        var path = Fixture.Path("seed-example-3-credentials.txt");
        var (code, masked, _) = Cli.Run("config", "show", path, "--format", format);
        Assert.Equal(0, code);
        foreach (var password in new[] { "MyPassword", "MyOtherPassword", "TheirPassword", "TheirOtherPassword" })
        {
            Assert.DoesNotContain(password, masked);
        }
        Assert.Contains(Secret.Mask, masked);
        var (_, shown, _) = Cli.Run("config", "show", path, "--format", format, "--show-secrets");
        Assert.Contains("TheirOtherPassword", shown);
    }

    [Fact]
    public void Json_output_is_json()
    {
        var (_, output, _) = Cli.Run("config", "show", Fixture.Path("seed-example-2-dial-peer-authentication.txt"), "--format", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(3, doc.RootElement.GetProperty("dial-peers")[0].GetProperty("tag").GetInt32());
    }

    [Fact]
    public void A_missing_file_is_a_usage_error()
    {
        var (code, _, error) = Cli.Run("config", "check", "/nonexistent/trunks.txt");
        Assert.Equal(2, code);
        Assert.Contains("no such file", error);
        var (badFormat, _, _) = Cli.Run("config", "show", Fixture.Path(Fixture.SeedExamples[0]), "--format", "xml");
        Assert.Equal(2, badFormat);
    }
}
