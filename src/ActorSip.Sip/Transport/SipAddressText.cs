using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Transport;

/// <summary>Addresses as SIP writes them: IPv6 as a bracketed reference in hosts (RFC 5118 §4), bare in <c>received</c>.</summary>
public static class SipAddressText
{
    /// <summary>A host for a Via sent-by or a SIP URI: <c>192.0.2.1</c> or <c>[2001:db8::1]</c>.</summary>
    public static string Host(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + Bare(address) + "]" : Bare(address);

    /// <summary>The address without brackets or scope, as the <c>received</c> parameter carries it (RFC 3261 §25.1).</summary>
    public static string Bare(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0) address = new IPAddress(address.GetAddressBytes());
        return address.ToString();
    }

    /// <summary>Parses a host that is an IP literal (brackets allowed); false for a domain name.</summary>
    public static bool TryParseIp(string? host, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(host)) return false;
        var span = host.AsSpan();
        if (span.Length > 2 && span[0] == '[' && span[^1] == ']') span = span[1..^1];
        // A plain IPv4 literal or an IPv6 literal; "1" or "example" must not pass as addresses.
        var looksLikeIp = span.Contains(':') || span.Count('.') == 3;
        if (!looksLikeIp || !IPAddress.TryParse(span, out var parsed)) return false;
        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
