using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Transport;

/// <summary>
/// One address this endpoint tells peers to reach it at (Contact and Via sent-by), as an operator writes it:
/// <c>HOST[:PORT]</c> with HOST an IPv4 address, an IPv6 address (bracketed when a port follows) or a host name.
/// Without a port, the listener's port is used.
/// </summary>
public sealed record SipAdvertisedAddress(string Host, int? Port)
{
    /// <summary>The family of an IP-literal host; null for a host name (it serves targets of every family).</summary>
    public AddressFamily? Family => SipAddressText.TryParseIp(Host, out var ip) ? ip.AddressFamily : null;

    /// <summary>The host as a SIP URI and Via write it: IPv6 in brackets.</summary>
    public string SipHost => SipAddressText.TryParseIp(Host, out var ip) ? SipAddressText.Host(ip) : Host;

    public override string ToString() => Port is { } p ? $"{SipHost}:{p.ToString(CultureInfo.InvariantCulture)}" : SipHost;

    /// <summary>A comma-separated list of HOST[:PORT]; a clear error for anything else. Wildcards are refused:
    /// they are what this setting exists to replace.</summary>
    public static bool TryParseList(string? text, out IReadOnlyList<SipAdvertisedAddress> addresses, out string error)
    {
        addresses = [];
        var list = new List<SipAdvertisedAddress>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParse(part, out var one, out error)) return false;
            list.Add(one);
        }
        addresses = list;
        error = "";
        return true;
    }

    public static bool TryParse(string text, out SipAdvertisedAddress address, out string error)
    {
        address = null!;
        error = $"'{text}' is not HOST[:PORT] (e.g. 192.0.2.10, 192.0.2.10:5060, [2001:db8::1]:5060, sip.example.com)";
        var t = text.Trim();
        string host;
        string? port = null;
        if (t.StartsWith('['))
        {
            var close = t.IndexOf(']');
            if (close < 0) return false;
            host = t[1..close];
            var rest = t[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                port = rest[1..];
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
        }
        else if (t.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address (as Kubernetes' status.podIPs gives it): no port can follow without brackets.
            if (!IPAddress.TryParse(t, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            host = t;
        }
        else
        {
            var colon = t.IndexOf(':');
            host = colon < 0 ? t : t[..colon];
            if (colon >= 0) port = t[(colon + 1)..];
            if (!IsHostName(host)) return false;
        }
        int? portNumber = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                error = $"'{text}': port '{port}' must be 1-65535";
                return false;
            }
            portNumber = p;
        }
        if (SipAddressText.TryParseIp(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            error = $"'{text}': a wildcard address cannot be reached; give the address peers reach this node at";
            return false;
        }
        address = new SipAdvertisedAddress(host, portNumber);
        error = "";
        return true;
    }

    /// <summary>An IPv4 literal or an RFC 1123 host name (letters, digits, hyphens and dots).</summary>
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253 || host.StartsWith('.') || host.StartsWith('-')) return false;
        if (host.All(c => char.IsAsciiDigit(c) || c == '.')) return SipAddressText.TryParseIp(host, out _);
        return host.Split('.').All(label => label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-')
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
