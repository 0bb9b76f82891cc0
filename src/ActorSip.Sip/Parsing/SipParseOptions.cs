namespace ActorSip.Sip.Parsing;

/// <summary>How bytes are framed, and the bounds that keep a hostile peer from costing us memory or time.</summary>
public sealed record SipParseOptions
{
    public static readonly SipParseOptions Datagram = new();
    public static readonly SipParseOptions Stream = new() { Framing = SipFraming.Stream };

    public SipFraming Framing { get; init; } = SipFraming.Datagram;

    /// <summary>Largest message accepted. UDP cannot carry more than 65,507 octets anyway.</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>Longest header line (after unfolding counts each physical line separately).</summary>
    public int MaxLineLength { get; init; } = 8_192;

    /// <summary>Most header fields in one message; RFC 4475's longest message has 53.</summary>
    public int MaxHeaderCount { get; init; } = 256;
}

/// <summary>Datagram: the body is bounded by the datagram, Content-Length optional (RFC 3261 §18.3).
/// Stream: Content-Length is mandatory and gives the body's end.</summary>
public enum SipFraming
{
    Datagram,
    Stream,
}
