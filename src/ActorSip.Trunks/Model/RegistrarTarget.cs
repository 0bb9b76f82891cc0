using System.Globalization;
using ActorSip.Sip.Locating;

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
    /// <summary>Reads the IOS target forms with the SIP stack's parser (one grammar, one error vocabulary); the host
    /// keeps the operator's spelling because demo registrars and realms are compared as written.</summary>
    public static bool TryParse(string text, out RegistrarTarget? target, out string error)
    {
        target = null;
        if (!SipTargetSpec.TryParseIosTarget(text, out var spec, out error)) return false;
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var scheme = trimmed[..colon].ToLowerInvariant();
        var kind = scheme switch { "dns" => RegistrarTargetKind.Dns, "ipv4" => RegistrarTargetKind.Ipv4, _ => RegistrarTargetKind.Ipv6 };
        var host = kind == RegistrarTargetKind.Dns ? HostAsWritten(trimmed[(colon + 1)..]) : spec.Host;
        target = new RegistrarTarget(kind, host, spec.Port);
        return true;
    }

    /// <summary>A DNS host name (RFC 1123), as the SIP stack checks it.</summary>
    internal static bool IsHostName(string host) => SipTargetSpec.IsHostName(host);

    private static string HostAsWritten(string rest)
    {
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
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
