using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Transport;

/// <summary>
/// The host and port this endpoint writes into Contact and Via sent-by toward one target: the advertised address of
/// the target's family if one is configured (a host name serves every family), else the bound listener address, and
/// for a listener bound to a wildcard (0.0.0.0, ::) the local address the operating system sends to that target
/// from, asked once per target address and cached. Never a wildcard: a peer cannot route to it.
/// </summary>
public sealed class SipSentBy
{
    private readonly ISipMessageSender _transports;
    private readonly IReadOnlyList<SipAdvertisedAddress> _advertised;
    private readonly Func<IPAddress, IPAddress?> _sourceToward;
    private readonly ConcurrentDictionary<IPAddress, IPAddress> _sources = new();

    /// <param name="sourceToward">The local address toward a target; <see cref="SourceAddressToward"/> by default.</param>
    public SipSentBy(ISipMessageSender transports, IReadOnlyList<SipAdvertisedAddress>? advertised = null,
        Func<IPAddress, IPAddress?>? sourceToward = null)
    {
        _transports = transports;
        _advertised = advertised ?? [];
        _sourceToward = sourceToward ?? SourceAddressToward;
    }

    public IReadOnlyList<SipAdvertisedAddress> Advertised => _advertised;

    /// <summary>Host (IPv6 bracketed) and port for a message sent over <paramref name="kind"/> to <paramref name="target"/>;
    /// null when no transport of that kind is bound for the target's family.</summary>
    public (string Host, int Port)? For(SipTransportKind kind, IPEndPoint target)
    {
        var address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        var local = _transports.LocalEndPointFor(kind, address.AddressFamily);
        if (local is null) return null;
        if (Choose(_advertised, address.AddressFamily) is { } advertised) return (advertised.SipHost, advertised.Port ?? local.Port);
        if (!IsWildcard(local.Address)) return (SipAddressText.Host(local.Address), local.Port);
        var source = _sources.GetOrAdd(address, a => _sourceToward(a) is { } s && !IsWildcard(s) ? s : Loopback(a.AddressFamily));
        return (SipAddressText.Host(source), local.Port);
    }

    /// <summary>For a message whose target is not known (it did not resolve): toward the default route, IPv4 first.
    /// Documentation addresses (RFC 5737, RFC 3849) stand for "anywhere"; connecting a UDP socket sends nothing.</summary>
    public (string Host, int Port)? ForUnknownTarget(SipTransportKind kind) =>
        For(kind, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060)) ?? For(kind, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5060));

    /// <summary>The first advertised address of that family, else the first host name; null: none applies.</summary>
    public static SipAdvertisedAddress? Choose(IReadOnlyList<SipAdvertisedAddress> advertised, AddressFamily family) =>
        advertised.FirstOrDefault(a => a.Family == family) ?? advertised.FirstOrDefault(a => a.Family is null);

    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>The source address of a UDP socket connected to the target: the kernel's route choice. Connecting a
    /// UDP socket sends nothing. Null when there is no route.</summary>
    public static IPAddress? SourceAddressToward(IPAddress target)
    {
        try
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(target, 9));
            return (socket.LocalEndPoint as IPEndPoint)?.Address;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // With no route to the target nothing reaches it anyway; loopback at least never names every interface.
    private static IPAddress Loopback(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
}
