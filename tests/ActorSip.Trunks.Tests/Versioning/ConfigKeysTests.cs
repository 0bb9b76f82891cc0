namespace ActorSip.Trunks.Tests.Versioning;

public sealed class ConfigKeysTests
{
    private const string Base = """
        sip-ua
         registrar 1 ipv4:127.0.0.1:5060 expires 600
         credentials number 1001 username u1 password p1 realm a.test
         authentication username shared password s1 realm a.test
        dial-peer voice 3 pots
         destination-pattern 5550100
         authentication username dp password d1 realm b.test
        """;

    private static TrunkConfig Read(string text) => IosConfigReader.Read(text, "t").Config ?? throw new InvalidOperationException(text);

    [Theory]
    [InlineData("sip-ua\n registrar 1 ipv4:127.0.0.1:5070 expires 600\n", new[] { "registrar 1" })]
    [InlineData("sip-ua\n no registrar 1\n", new[] { "registrar 1" })]
    [InlineData("sip-ua\n credentials number 1002 username u2 password p2 realm a.test\n", new[] { "credentials number 1002 realm a.test" })]
    [InlineData("sip-ua\n no credentials number 1001 username u1 realm a.test\n", new[] { "credentials number 1001 realm a.test" })]
    [InlineData("sip-ua\n no authentication username shared realm a.test\n", new[] { "authentication username shared realm a.test" })]
    [InlineData("dial-peer voice 3 pots\n destination-pattern 5550101\n", new[] { "dial-peer voice 3: destination-pattern" })]
    [InlineData("no dial-peer voice 3\n", new[] { "dial-peer voice 3", "dial-peer voice 3: destination-pattern", "dial-peer voice 3: authentication username dp realm b.test" })]
    [InlineData("sip-ua\n localhost dns:gw.example preferred\n", new[] { "localhost" })]
    [InlineData("sip-ua\n credentials number 1001 username u1 password p1 realm a.test\n", new string[0])]
    public void Changed_names_exactly_the_items_a_change_set_or_removed(string change, string[] expected)
    {
        var before = Read(Base);
        var after = IosApply.Apply(before, change, "c").Config!;
        Assert.Equal(expected.Order(), ConfigKeys.Changed(before, after).Select(k => k.Name).Order());
    }

    [Fact]
    public void A_dial_peer_overlaps_the_items_inside_it_and_nothing_else()
    {
        var peer = ConfigKey.DialPeer(DialPeerTag.Create(3));
        Assert.True(peer.Overlaps(ConfigKey.DestinationPattern(DialPeerTag.Create(3))));
        Assert.True(ConfigKey.Authentication(DialPeerTag.Create(3), "dp", null).Overlaps(peer));
        Assert.False(peer.Overlaps(ConfigKey.DestinationPattern(DialPeerTag.Create(4))));
        Assert.False(ConfigKey.Authentication(null, "dp", null).Overlaps(ConfigKey.Authentication(DialPeerTag.Create(3), "dp", null)));
    }

    [Fact]
    public void Every_command_a_reader_makes_touches_a_key_of_what_it_changes()
    {
        var before = Read(Base);
        var text = "sip-ua\n registrar 2 dns:b.example expires 600\n credentials number 1002 username u2 password p2 realm b.test\n" +
                   " no authentication username shared realm a.test\n localhost dns:gw.example\ndial-peer voice 9 pots\n destination-pattern 5550109\n";
        var read = IosConfigReader.ReadOnto(before, text, "c");
        var after = read.Config!;
        var touched = read.Commands.SelectMany(c => ConfigKeys.Touched(c.Command)).ToHashSet();
        Assert.All(ConfigKeys.Changed(before, after), k => Assert.Contains(k, touched));
    }
}
