using System.Diagnostics.CodeAnalysis;

namespace ActorSip.Sip.Locating;

/// <summary>
/// What the configuration says about a SIP server, before DNS: the host (name or IP literal, IPv6 without brackets),
/// an optional port and transport, and whether the target is a <c>sips:</c> URI.
/// </summary>
/// <param name="Host">Host name (lower case, no trailing dot) or IP address text.</param>
/// <param name="Port">Explicit port; when present RFC 3263 §4.2 skips NAPTR and SRV.</param>
/// <param name="Transport">Configured transport, or null to let NAPTR/SRV decide.</param>
/// <param name="Secure">A <c>sips:</c> target: TLS only.</param>
/// <param name="IsNumeric">Host is an IP literal: used as given, no DNS.</param>
public sealed record SipTargetSpec(string Host, int? Port, SipTransportKind? Transport, bool Secure, bool IsNumeric)
{
    /// <summary>Parses a Cisco IOS registrar target: <c>dns:host[:port]</c>, <c>ipv4:a.b.c.d[:port]</c>, <c>ipv6:[addr][:port]</c>.</summary>
    public static bool TryParseIosTarget(
        string text,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error) =>
        IosTargetParser.TryParse(text, transport: null, secure: false, out spec, out error);

    /// <summary>As <see cref="TryParseIosTarget(string, out SipTargetSpec?, out string)"/>, with the transport and scheme configured beside the target.</summary>
    public static bool TryParseIosTarget(
        string text,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error) =>
        IosTargetParser.TryParse(text, transport, secure, out spec, out error);

    /// <summary>An RFC 1123 host name (the configuration layer checks domains with the same rule).</summary>
    public static bool IsHostName(string text) => TargetText.IsHostName(text);

    /// <summary>
    /// From the parts of a SIP URI: the host (name, IPv4, or IPv6 with or without brackets), the port if any,
    /// the <c>transport</c> parameter if any, and whether the scheme is <c>sips</c>.
    /// </summary>
    public static bool TryFromSipUri(
        string host,
        int? port,
        SipTransportKind? transport,
        bool secure,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(host);
        spec = null;
        if (port is < 1 or > 65535)
        {
            error = $"% invalid port '{port}': port must be 1-65535";
            return false;
        }

        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        bool numeric;
        if (TargetText.IsIPv4(bare) || TargetText.IsIPv6(bare))
        {
            numeric = true;
        }
        else if (TargetText.IsHostName(bare))
        {
            numeric = false;
            bare = TargetText.NormalizeHostName(bare);
        }
        else
        {
            error = $"% invalid host '{host}'";
            return false;
        }

        return TryCreate(bare, port, transport, secure, numeric, out spec, out error);
    }

    /// <summary>Applies the rules shared by every form: sips means TLS, so UDP is refused and TCP becomes TLS.</summary>
    internal static bool TryCreate(
        string host,
        int? port,
        SipTransportKind? transport,
        bool secure,
        bool numeric,
        [NotNullWhen(true)] out SipTargetSpec? spec,
        out string error)
    {
        spec = null;
        if (secure && transport == SipTransportKind.Udp)
        {
            error = "% sips targets cannot use UDP transport";
            return false;
        }

        var effective = secure && transport == SipTransportKind.Tcp ? SipTransportKind.Tls : transport;
        spec = new SipTargetSpec(host, port, effective, secure, numeric);
        error = "";
        return true;
    }
}
