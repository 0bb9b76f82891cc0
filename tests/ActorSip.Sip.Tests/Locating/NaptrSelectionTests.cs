using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

public sealed class NaptrSelectionTests
{
    private static readonly NaptrEntry[] Records =
    [
        new(20, 10, "s", "SIP+D2U", "_sip._udp.example.com."),
        new(10, 20, "S", "SIP+D2T", "_sip._tcp.example.com."),
        new(10, 10, "s", "SIPS+D2T", "_sips._tcp.example.com."),
        new(10, 5, "s", "SIP+D2S", "_sip._sctp.example.com."),
        new(5, 5, "u", "E2U+sip", "!^.*$!sip:info@example.com!"),
        new(15, 5, "s", "SIPS+D2W", "_sips._ws.example.com."),
    ];

    [Fact]
    public void Keeps_supported_sip_services_by_order_then_preference()
    {
        var choices = NaptrSelection.Select(Records, secure: false);

        Assert.Equal(
            [
                new NaptrChoice(SipTransportKind.Tls, "_sips._tcp.example.com"),
                new NaptrChoice(SipTransportKind.Tcp, "_sip._tcp.example.com"),
                new NaptrChoice(SipTransportKind.Udp, "_sip._udp.example.com"),
            ],
            choices);
    }

    [Fact]
    public void Sips_keeps_only_sips_services()
    {
        var choices = NaptrSelection.Select(Records, secure: true);

        Assert.Equal([new NaptrChoice(SipTransportKind.Tls, "_sips._tcp.example.com")], choices);
    }

    [Fact]
    public void Nothing_usable_gives_an_empty_list()
    {
        var choices = NaptrSelection.Select([new NaptrEntry(10, 10, "u", "E2U+sip", "!^.*$!sip:a@b!"), new NaptrEntry(10, 10, "s", "SIP+D2U", ".")], secure: false);

        Assert.Empty(choices);
    }
}
