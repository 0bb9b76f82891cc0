using System.Net;
using ActorSip.Trunks.Registration;

namespace ActorSip.Node;

public enum DemoRegistrarMode
{
    Auto,
    On,
    Off,
}

/// <summary>Everything a node needs to start, after defaults, the --hocon file and the command line are merged.</summary>
public sealed record NodeOptions
{
    public required string DataDirectory { get; init; }
    public string? TrunksFile { get; init; }
    /// <summary>The SIP listeners (UDP and TCP on each), at most one per address family; the first is the node's main one.</summary>
    public required IReadOnlyList<IPEndPoint> Sip { get; init; }
    /// <summary>HOST[:PORT] put in Contact and Via sent-by, per address family; empty = the listener's address, for a
    /// wildcard listener the local address toward each registrar.</summary>
    public IReadOnlyList<ActorSip.Sip.Transport.SipAdvertisedAddress> SipAdvertise { get; init; } = [];
    /// <summary>SIP over TLS: the optional inbound listener and its certificate, and the CA bundle for registrars.</summary>
    public ActorSip.Node.Sip.SipTlsSettings SipTls { get; init; } = ActorSip.Node.Sip.SipTlsSettings.None;
    public required IPEndPoint Management { get; init; }
    /// <summary>Bearer tokens, one of which every management request needs (except the health routes and the static status
    /// page), each naming its operator; empty = none, loopback only.</summary>
    public IReadOnlyList<NamedToken> ManagementTokens { get; init; } = [];
    /// <summary>Certificate (with its private key) for HTTPS on the management endpoint; null = plain HTTP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ManagementCertificate { get; init; }
    public DemoRegistrarMode DemoRegistrar { get; init; } = DemoRegistrarMode.Auto;
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromSeconds(5);
    public required RegistrationPolicy Registration { get; init; }
    public ActorSip.Sip.Transport.SipTransportOptions Transport { get; init; } = ActorSip.Sip.Transport.SipTransportOptions.Default;
    public TimeSpan StartupSpread { get; init; } = TimeSpan.FromSeconds(2);
    public int MaxRegistersPerSecond { get; init; } = 500;
    /// <summary>Name servers for <c>dns:</c> registrars (<c>actorsip.dns.servers</c>, else resolv.conf as the C library reads it).</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [new IPEndPoint(IPAddress.Loopback, 53)];
    /// <summary>Where <see cref="DnsServers"/> came from, for the start-up log.</summary>
    public string DnsServersSource { get; init; } = "default";
    /// <summary>Akka remoting address of this node; port 0 = any free port (a cluster of one).</summary>
    public string ClusterHost { get; init; } = "127.0.0.1";
    public int ClusterPort { get; init; }
    /// <summary>HOST:PORT of the seed nodes; empty = this node forms its own cluster.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    /// <summary>PostgreSQL connection string for the shared multi-node journal; null = SQLite in the data directory.</summary>
    public string? Postgres { get; init; }
    /// <summary>The merged HOCON (defaults + --hocon file), handed to the ActorSystem as its fallback config.</summary>
    public required Akka.Configuration.Config Hocon { get; init; }
}
