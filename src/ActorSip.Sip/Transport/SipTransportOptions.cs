namespace ActorSip.Sip.Transport;

/// <summary>Bounds and timeouts shared by the transports. Defaults suit a registration client facing the Internet.</summary>
public sealed record SipTransportOptions
{
    public static readonly SipTransportOptions Default = new();

    /// <summary>Largest message accepted (headers plus body); larger input is dropped or closes the connection.</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>Most bytes a stream may buffer while looking for the end of a header section.</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>A stream connection with nothing in flight is closed after this long without input.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Slowloris guard: once the first byte of a message has arrived, the whole message must follow
    /// within this time, or the connection is closed. Also bounds the TLS handshake.</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most inbound stream connections held open for one source address; more are closed at once.
    /// Registrars and proxies need a handful; the bound keeps one host from exhausting file descriptors.</summary>
    public int MaxConnectionsPerSource { get; init; } = 64;

    /// <summary>Bound on opening an outbound TCP connection (and its TLS handshake).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
