using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

public sealed class IosTargetParsingTests
{
    [Theory]
    [InlineData("dns:sip.example.com", "sip.example.com", null, false)]
    [InlineData("dns:SIP.Example.COM.:5070", "sip.example.com", 5070, false)]
    [InlineData("DNS:trunk-1.carrier.net:65535", "trunk-1.carrier.net", 65535, false)]
    [InlineData("  dns:sip.example.com  ", "sip.example.com", null, false)]
    [InlineData("dns:10.0.0.1:5060", "10.0.0.1", 5060, true)]
    [InlineData("ipv4:192.0.2.10", "192.0.2.10", null, true)]
    [InlineData("ipv4:192.0.2.10:5080", "192.0.2.10", 5080, true)]
    [InlineData("ipv6:[2001:db8::1]", "2001:db8::1", null, true)]
    [InlineData("ipv6:[2001:db8::1]:5061", "2001:db8::1", 5061, true)]
    [InlineData("ipv6:[::1]:1", "::1", 1, true)]
    public void Parses_good_targets(string text, string host, int? port, bool numeric)
    {
        Assert.True(SipTargetSpec.TryParseIosTarget(text, out var spec, out var error), error);
        Assert.Equal(new SipTargetSpec(host, port, null, false, numeric), spec);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("", "% target is empty")]
    [InlineData("   ", "% target is empty")]
    [InlineData("sip.example.com", "% invalid target 'sip.example.com': use dns:host[:port], ipv4:a.b.c.d[:port] or ipv6:[addr][:port]")]
    [InlineData("ipv4:1.2.3", "% invalid IPv4 address '1.2.3'")]
    [InlineData("ipv4:1.2.3.256", "% invalid IPv4 address '1.2.3.256'")]
    [InlineData("ipv4:1.2.3.4.5", "% invalid IPv4 address '1.2.3.4.5'")]
    [InlineData("ipv4:1.2.3.x", "% invalid IPv4 address '1.2.3.x'")]
    [InlineData("ipv4:", "% invalid IPv4 address ''")]
    [InlineData("ipv4:1.2.3.4:0", "% invalid port '0': port must be 1-65535")]
    [InlineData("ipv4:1.2.3.4:65536", "% invalid port '65536': port must be 1-65535")]
    [InlineData("ipv4:1.2.3.4:50a", "% invalid port '50a': port must be 1-65535")]
    [InlineData("ipv4:1.2.3.4:", "% port missing after ':'")]
    [InlineData("dns:sip.example.com:99999", "% invalid port '99999': port must be 1-65535")]
    [InlineData("dns:", "% host name missing after 'dns:'")]
    [InlineData("dns::5060", "% host name missing after 'dns:'")]
    [InlineData("dns:sip..example.com", "% invalid host name 'sip..example.com'")]
    [InlineData("dns:-sip.example.com", "% invalid host name '-sip.example.com'")]
    [InlineData("dns:sip_1.example.com", "% invalid host name 'sip_1.example.com'")]
    [InlineData("dns:1.2.3", "% invalid host name '1.2.3'")]
    [InlineData("dns:2001:db8::1", "% invalid host name '2001:db8::1': write IPv6 addresses as ipv6:[addr][:port]")]
    [InlineData("ipv6:2001:db8::1", "% invalid IPv6 target '2001:db8::1': put the address in brackets, as in ipv6:[2001:db8::1]:5060")]
    [InlineData("ipv6:[2001:db8::1", "% invalid IPv6 target '[2001:db8::1': put the address in brackets, as in ipv6:[2001:db8::1]:5060")]
    [InlineData("ipv6:[2001:db8::g]", "% invalid IPv6 address '2001:db8::g'")]
    [InlineData("ipv6:[192.0.2.1]", "% invalid IPv6 address '192.0.2.1'")]
    [InlineData("ipv6:[::1]5060", "% unexpected '5060' after IPv6 address")]
    [InlineData("ipv6:[::1]:0", "% invalid port '0': port must be 1-65535")]
    public void Rejects_bad_targets_with_a_clear_message(string text, string expected)
    {
        Assert.False(SipTargetSpec.TryParseIosTarget(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Keeps_the_configured_transport()
    {
        Assert.True(SipTargetSpec.TryParseIosTarget("dns:sip.example.com", SipTransportKind.Tcp, secure: false, out var spec, out _));
        Assert.Equal(new SipTargetSpec("sip.example.com", null, SipTransportKind.Tcp, false, false), spec);
    }

    [Fact]
    public void Sips_turns_tcp_into_tls()
    {
        Assert.True(SipTargetSpec.TryParseIosTarget("dns:sip.example.com", SipTransportKind.Tcp, secure: true, out var spec, out _));
        Assert.Equal(new SipTargetSpec("sip.example.com", null, SipTransportKind.Tls, true, false), spec);
    }

    [Fact]
    public void Sips_refuses_udp()
    {
        Assert.False(SipTargetSpec.TryParseIosTarget("ipv4:192.0.2.1", SipTransportKind.Udp, secure: true, out var spec, out var error));
        Assert.Null(spec);
        Assert.Equal("% sips targets cannot use UDP transport", error);
    }

    [Theory]
    [InlineData("Sip.Example.com", null, "sip.example.com", false)]
    [InlineData("[2001:db8::5]", 5062, "2001:db8::5", true)]
    [InlineData("2001:db8::5", null, "2001:db8::5", true)]
    [InlineData("198.51.100.7", 5060, "198.51.100.7", true)]
    public void Takes_the_host_part_of_a_sip_uri(string host, int? port, string expectedHost, bool numeric)
    {
        Assert.True(SipTargetSpec.TryFromSipUri(host, port, SipTransportKind.Tcp, secure: false, out var spec, out var error), error);
        Assert.Equal(new SipTargetSpec(expectedHost, port, SipTransportKind.Tcp, false, numeric), spec);
    }

    [Theory]
    [InlineData("bad host", 5060, "% invalid host 'bad host'")]
    [InlineData("[::1", null, "% invalid host '[::1'")]
    [InlineData("sip.example.com", 0, "% invalid port '0': port must be 1-65535")]
    [InlineData("sip.example.com", 70000, "% invalid port '70000': port must be 1-65535")]
    public void Rejects_bad_sip_uri_parts(string host, int? port, string expected)
    {
        Assert.False(SipTargetSpec.TryFromSipUri(host, port, null, secure: false, out var spec, out var error));
        Assert.Null(spec);
        Assert.Equal(expected, error);
    }
}
