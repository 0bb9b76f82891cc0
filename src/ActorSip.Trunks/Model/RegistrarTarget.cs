using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorSip.Trunks;

public enum RegistrarTargetKind
{
    Dns,
    Ipv4,
    Ipv6,
}

/// <summary>Where a registrar is: `dns:host[:port]`, `ipv4:a.b.c.d[:port]` or `ipv6:[addr][:port]`.</summary>
public sealed record RegistrarTarget(RegistrarTargetKind Kind, string Host, int? Port)
{
    public static bool TryParse(string text, out RegistrarTarget? target, out string error)
    {
        target = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"% registrar address must be dns:host, ipv4:a.b.c.d or ipv6:[addr], got '{text}'";
            return false;
        }
        var scheme = text[..colon].ToLowerInvariant();
        var rest = text.AsSpan(colon + 1);
        string host;
        ReadOnlySpan<char> portText;
        if (scheme == "ipv6")
        {
            var close = rest.IndexOf(']');
            if (rest.Length == 0 || rest[0] != '[' || close < 0)
            {
                error = $"% ipv6 registrar address must be written ipv6:[addr][:port], got '{text}'";
                return false;
            }
            host = rest[1..close].ToString();
            portText = rest[(close + 1)..];
            if (!portText.IsEmpty && portText[0] != ':')
            {
                error = $"% invalid ipv6 registrar address '{text}'";
                return false;
            }
            portText = portText.IsEmpty ? portText : portText[1..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"% invalid IPv6 address '{host}'";
                return false;
            }
        }
        else
        {
            var portColon = rest.IndexOf(':');
            host = (portColon < 0 ? rest : rest[..portColon]).ToString();
            portText = portColon < 0 ? [] : rest[(portColon + 1)..];
            if (portColon >= 0 && portText.IsEmpty)
            {
                error = $"% missing port after ':' in '{text}'";
                return false;
            }
            if (scheme == "ipv4")
            {
                if (!IsDottedQuad(host))
                {
                    error = $"% invalid IPv4 address '{host}'";
                    return false;
                }
            }
            else if (scheme == "dns")
            {
                if (!IsHostName(host))
                {
                    error = $"% invalid host name '{host}'";
                    return false;
                }
            }
            else
            {
                error = $"% registrar address must start with dns:, ipv4: or ipv6:, got '{text}'";
                return false;
            }
        }
        int? port = null;
        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                error = $"% port must be 1-65535 in '{text}'";
                return false;
            }
            port = p;
        }
        var kind = scheme switch { "dns" => RegistrarTargetKind.Dns, "ipv4" => RegistrarTargetKind.Ipv4, _ => RegistrarTargetKind.Ipv6 };
        target = new RegistrarTarget(kind, host, port);
        error = string.Empty;
        return true;
    }

    /// <summary>A DNS name: dot-separated labels of letters, digits, '-' and '_', 1-63 characters each.</summary>
    internal static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }
        foreach (var range in host.AsSpan().Split('.'))
        {
            var label = host.AsSpan()[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool IsDottedQuad(string host)
    {
        var parts = 0;
        foreach (var range in host.AsSpan().Split('.'))
        {
            var part = host.AsSpan()[range];
            parts++;
            if (part.Length is 0 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }
        }
        return parts == 4;
    }

    public override string ToString()
    {
        var port = Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return Kind switch
        {
            RegistrarTargetKind.Dns => $"dns:{Host}{port}",
            RegistrarTargetKind.Ipv4 => $"ipv4:{Host}{port}",
            _ => $"ipv6:[{Host}]{port}",
        };
    }
}
