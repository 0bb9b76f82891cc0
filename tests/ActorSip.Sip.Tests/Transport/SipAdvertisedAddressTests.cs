using System.Net.Sockets;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class SipAdvertisedAddressTests
{
    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10", null, "192.0.2.10")]
    [InlineData("192.0.2.10:5999", "192.0.2.10", 5999, "192.0.2.10:5999")]
    [InlineData("[2001:db8::1]:5060", "2001:db8::1", 5060, "[2001:db8::1]:5060")]
    [InlineData("[2001:db8::1]", "2001:db8::1", null, "[2001:db8::1]")]
    [InlineData("2001:db8::1", "2001:db8::1", null, "[2001:db8::1]")]
    [InlineData("sip.example.com", "sip.example.com", null, "sip.example.com")]
    [InlineData(" node-1.actorsip:5070 ", "node-1.actorsip", 5070, "node-1.actorsip:5070")]
    public void Parses_host_and_optional_port(string text, string host, int? port, string written)
    {
        Assert.True(SipAdvertisedAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(written, address.ToString());
    }

    [Theory]
    [InlineData("0.0.0.0", "wildcard")]
    [InlineData("[::]:5060", "wildcard")]
    [InlineData("192.0.2.10:0", "port '0' must be 1-65535")]
    [InlineData("192.0.2.10:70000", "port '70000' must be 1-65535")]
    [InlineData("192.0.2.10:", "port '' must be 1-65535")]
    [InlineData("host:abc", "port 'abc' must be 1-65535")]
    [InlineData("[2001:db8::1", "is not HOST[:PORT]")]
    [InlineData("[192.0.2.1]:5060", "is not HOST[:PORT]")]
    [InlineData("bad_host", "is not HOST[:PORT]")]
    [InlineData("-x.example", "is not HOST[:PORT]")]
    [InlineData("1.2.3", "is not HOST[:PORT]")]
    [InlineData("2001:db8::1:5060x", "is not HOST[:PORT]")]
    public void Refuses_what_is_not_a_reachable_host_with_a_reason(string text, string reason)
    {
        Assert.False(SipAdvertisedAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(text.Trim(), error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_gives_one_address_per_entry_and_its_family()
    {
        Assert.True(SipAdvertisedAddress.TryParseList("10.1.2.3, fd00::5 ,sip.example.com:5080", out var list, out var error), error);
        Assert.Equal([AddressFamily.InterNetwork, AddressFamily.InterNetworkV6, (AddressFamily?)null], list.Select(a => a.Family));
        Assert.True(SipAdvertisedAddress.TryParseList("", out var none, out _));
        Assert.Empty(none);
        Assert.False(SipAdvertisedAddress.TryParseList("10.1.2.3,0.0.0.0", out _, out error));
        Assert.Contains("wildcard", error, StringComparison.Ordinal);
    }
}
