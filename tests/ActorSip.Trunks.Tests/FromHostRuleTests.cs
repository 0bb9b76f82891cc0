namespace ActorSip.Trunks.Tests;

public class FromHostRuleTests
{
    private const string Interface = "192.0.2.1";

    private static TrunkConfig Read(string text)
    {
        var result = IosConfigReader.Read(text, "t");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Theory]
    [InlineData("sip-ua\n registrar 1 dns:example1.com\n", 0, Interface, FromHostSource.LocalInterface)]
    [InlineData("sip-ua\n localhost dns:example1.com\n", 0, Interface, FromHostSource.LocalInterface)]
    [InlineData("sip-ua\n localhost dns:example1.com preferred\n", 0, "example1.com", FromHostSource.SipUaLocalhostPreferred)]
    [InlineData("dial-peer voice 3 pots\n voice-class sip localhost dns:example2.com preferred\nsip-ua\n localhost dns:example1.com preferred\n", 3, "example2.com", FromHostSource.DialPeerLocalhostPreferred)]
    [InlineData("dial-peer voice 3 pots\n voice-class sip localhost dns:example2.com\nsip-ua\n localhost dns:example1.com preferred\n", 3, Interface, FromHostSource.LocalInterface)]
    [InlineData("dial-peer voice 3 pots\n destination-pattern 1111\nsip-ua\n localhost dns:example1.com preferred\n", 3, "example1.com", FromHostSource.SipUaLocalhostPreferred)]
    [InlineData("dial-peer voice 3 pots\n voice-class sip localhost dns:example2.com preferred\nsip-ua\n", 0, Interface, FromHostSource.LocalInterface)]
    [InlineData("sip-ua\n registrar dns:primary.example.net expires 3600\n", 0, "primary.example.net", FromHostSource.PrimaryRegistrar)]
    [InlineData("sip-ua\n registrar dns:primary.example.net expires 3600\n localhost dns:example1.com preferred\n", 0, "example1.com", FromHostSource.SipUaLocalhostPreferred)]
    public void From_host_of_outgoing_invites(string config, int dialPeer, string host, FromHostSource source)
    {
        var from = FromHostRule.Choose(Read(config), dialPeer == 0 ? null : DialPeerTag.Create(dialPeer), Interface);
        Assert.Equal(new FromHost(host, source), from);
    }
}
