using System.Text;

namespace ActorSip.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, §18.2.1, RFC 3581 rport).</summary>
public sealed record ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: branches that begin with the magic cookie identify RFC 3261 transactions.</summary>
    public const string MagicCookie = "z9hG4bK";

    public string ProtocolName { get; init; } = "SIP";
    public string ProtocolVersion { get; init; } = "2.0";
    /// <summary>Upper-cased transport token as received: UDP, TCP, TLS, SCTP, WS or any extension.</summary>
    public required string Transport { get; init; }
    public required string Host { get; init; }
    public int? Port { get; init; }
    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    public string? Branch => Parameters.Get("branch");
    public string? Received => Parameters.Get("received");
    public string? Maddr => Parameters.Get("maddr");
    public int? Ttl => int.TryParse(Parameters.Get("ttl"), out var t) ? t : null;
    /// <summary>True when <c>rport</c> is present, with or without a value.</summary>
    public bool HasRport => Parameters.Has("rport");
    public int? Rport => int.TryParse(Parameters.Get("rport"), out var p) ? p : null;

    /// <summary>A branch beyond the bare magic cookie marks an RFC 3261 transaction (RFC 4475 §3.2.1).</summary>
    public bool HasRfc3261Branch => Branch is { } b && b.Length > MagicCookie.Length
                                    && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    public static ViaHeader Create(SipTransportKind transport, string host, int? port, string branch, bool rport = true)
    {
        var p = SipParameters.Empty.With("branch", branch);
        if (rport) p = p.With("rport", null);
        return new ViaHeader { Transport = transport.ToString().ToUpperInvariant(), Host = host, Port = port, Parameters = p };
    }

    public override string ToString()
    {
        var sb = new StringBuilder(80);
        sb.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port) sb.Append(':').Append(port);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
