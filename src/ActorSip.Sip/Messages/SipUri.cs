using System.Text;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Messages;

/// <summary>What a URI's scheme makes of it.</summary>
public enum SipUriKind
{
    Sip,
    Sips,
    Tel,
    /// <summary>Any other absolute URI (RFC 4475 §3.3.2–3.3.4): kept as opaque text.</summary>
    Other,
}

/// <summary>
/// A SIP, SIPS or TEL URI (RFC 3261 §19.1, RFC 3966), or another absolute URI kept opaque.
/// User, password, parameters and headers keep their %HH escapes as received, so the URI is written back exactly;
/// <see cref="UserUnescaped"/> gives the value to compare.
/// </summary>
public sealed record SipUri
{
    public required string Scheme { get; init; }
    public SipUriKind Kind { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>Host name, IPv4 address, or IPv6 reference with its brackets. Empty for tel and opaque URIs.</summary>
    public string Host { get; init; } = "";
    public int? Port { get; init; }
    public SipParameters Parameters { get; init; } = SipParameters.Empty;
    /// <summary>The <c>?h=v&amp;...</c> part, each header once (RFC 3261 §19.1.1).</summary>
    public SipParameters Headers { get; init; } = SipParameters.Empty;
    /// <summary>For <see cref="SipUriKind.Other"/>: everything after the scheme's colon.</summary>
    public string? Opaque { get; init; }

    public bool IsSipOrSips => Kind is SipUriKind.Sip or SipUriKind.Sips;

    public string? UserUnescaped => User is null ? null : SipGrammar.Unescape(User);

    /// <summary>The <c>transport</c> URI parameter, lower-cased, if any.</summary>
    public string? Transport => Parameters.Get("transport")?.ToLowerInvariant();

    public static SipUri Sip(string? user, string host, int? port = null, SipParameters? parameters = null) => new()
    {
        Scheme = "sip", Kind = SipUriKind.Sip, User = user, Host = host, Port = port,
        Parameters = parameters ?? SipParameters.Empty,
    };

    /// <summary>Parses a URI; throws <see cref="FormatException"/> on error (use <see cref="SipUriParser"/> to avoid exceptions).</summary>
    public static SipUri Parse(string text) =>
        SipUriParser.TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb)
    {
        sb.Append(Scheme).Append(':');
        if (Kind == SipUriKind.Other)
        {
            sb.Append(Opaque);
            return;
        }
        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null) sb.Append(':').Append(Password);
            if (Kind != SipUriKind.Tel) sb.Append('@');
        }
        sb.Append(Host);
        if (Port is { } port) sb.Append(':').Append(port);
        Parameters.AppendTo(sb);
        for (var i = 0; i < Headers.Count; i++)
        {
            var h = Headers[i];
            sb.Append(i == 0 ? '?' : '&').Append(h.Name).Append('=').Append(h.Value);
        }
    }
}
