using System.Diagnostics.CodeAnalysis;

namespace ActorSip.Sip.Locating;

/// <summary>Reads the registrar target forms of Cisco IOS (<c>dns:</c>, <c>ipv4:</c>, <c>ipv6:</c>) with IOS-style "% ..." errors.</summary>
internal static class IosTargetParser
{
    private const string Dns = "dns:";
    private const string IPv4 = "ipv4:";
    private const string IPv6 = "ipv6:";

    public static bool TryParse(
        string text,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        spec = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = "% target is empty";
            return false;
        }

        if (trimmed.StartsWith(Dns, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseDns(trimmed[Dns.Length..], transport, secure, out spec, out error);
        }

        if (trimmed.StartsWith(IPv4, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseIPv4(trimmed[IPv4.Length..], transport, secure, out spec, out error);
        }

        if (trimmed.StartsWith(IPv6, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseIPv6(trimmed[IPv6.Length..], transport, secure, out spec, out error);
        }

        error = $"% invalid target '{trimmed}': use dns:host[:port], ipv4:a.b.c.d[:port] or ipv6:[addr][:port]";
        return false;
    }

    private static bool TryParseDns(
        string rest,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        spec = null;
        var colon = rest.IndexOf(':');
        if (colon >= 0 && rest.IndexOf(':', colon + 1) >= 0)
        {
            error = $"% invalid host name '{rest}': write IPv6 addresses as ipv6:[addr][:port]";
            return false;
        }

        var host = colon >= 0 ? rest[..colon] : rest;
        if (host.Length == 0)
        {
            error = "% host name missing after 'dns:'";
            return false;
        }

        int? port = null;
        if (colon >= 0)
        {
            if (!TargetText.TryParsePort(rest[(colon + 1)..], out var value, out error))
            {
                return false;
            }

            port = value;
        }

        // "dns:10.0.0.1" is legal in IOS; the address needs no lookup.
        if (TargetText.IsIPv4(host))
        {
            return SipTargetSpec.TryCreate(host, port, transport, secure, numeric: true, out spec, out error);
        }

        if (!TargetText.IsHostName(host))
        {
            error = $"% invalid host name '{host}'";
            return false;
        }

        return SipTargetSpec.TryCreate(
            TargetText.NormalizeHostName(host), port, transport, secure, numeric: false, out spec, out error);
    }

    private static bool TryParseIPv4(
        string rest,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        spec = null;
        var colon = rest.IndexOf(':');
        var address = colon >= 0 ? rest[..colon] : rest;
        if (!TargetText.IsIPv4(address))
        {
            error = $"% invalid IPv4 address '{address}'";
            return false;
        }

        int? port = null;
        if (colon >= 0)
        {
            if (!TargetText.TryParsePort(rest[(colon + 1)..], out var value, out error))
            {
                return false;
            }

            port = value;
        }

        return SipTargetSpec.TryCreate(address, port, transport, secure, numeric: true, out spec, out error);
    }

    private static bool TryParseIPv6(
        string rest,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        spec = null;
        var close = rest.IndexOf(']');
        if (rest.Length == 0 || rest[0] != '[' || close < 0)
        {
            error = $"% invalid IPv6 target '{rest}': put the address in brackets, as in ipv6:[2001:db8::1]:5060";
            return false;
        }

        var address = rest[1..close];
        if (!TargetText.IsIPv6(address))
        {
            error = $"% invalid IPv6 address '{address}'";
            return false;
        }

        var after = rest[(close + 1)..];
        int? port = null;
        if (after.Length > 0)
        {
            if (after[0] != ':')
            {
                error = $"% unexpected '{after}' after IPv6 address";
                return false;
            }

            if (!TargetText.TryParsePort(after[1..], out var value, out error))
            {
                return false;
            }

            port = value;
        }

        return SipTargetSpec.TryCreate(address, port, transport, secure, numeric: true, out spec, out error);
    }
}
