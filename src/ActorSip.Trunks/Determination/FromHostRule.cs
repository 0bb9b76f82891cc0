namespace ActorSip.Trunks;

/// <summary>What decided the host of the From header of an outgoing INVITE.</summary>
public enum FromHostSource
{
    DialPeerLocalhostPreferred,
    SipUaLocalhostPreferred,
    PrimaryRegistrar,
    LocalInterface,
}

public sealed record FromHost(string Host, FromHostSource Source);

/// <summary>
/// "Use of Preferred Option": `localhost ... preferred` names the From host; otherwise the best local interface
/// address. A dial-peer's `voice-class sip localhost` replaces the sip-ua one for calls through that dial-peer.
/// In primary/secondary mode without a preferred localhost, the primary registrar's host is used, as the seed says.
/// </summary>
public static class FromHostRule
{
    public static FromHost Choose(TrunkConfig config, DialPeerTag? dialPeer, string bestLocalInterfaceAddress)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(bestLocalInterfaceAddress);
        var peerLocalHost = dialPeer is { } tag ? config.DialPeers.GetValueOrDefault(tag)?.LocalHost : null;
        if (peerLocalHost is not null)
        {
            // The dial-peer's setting overrides sip-ua's entirely, including a non-preferred one.
            return peerLocalHost.Preferred
                ? new FromHost(peerLocalHost.Domain, FromHostSource.DialPeerLocalhostPreferred)
                : Fallback(config, bestLocalInterfaceAddress);
        }
        if (config.LocalHost is { Preferred: true } ua)
        {
            return new FromHost(ua.Domain, FromHostSource.SipUaLocalhostPreferred);
        }
        return Fallback(config, bestLocalInterfaceAddress);
    }

    private static FromHost Fallback(TrunkConfig config, string bestLocalInterfaceAddress) =>
        config.PrimaryRegistrar?.Target is { } primary
            ? new FromHost(primary.Host, FromHostSource.PrimaryRegistrar)
            : new FromHost(bestLocalInterfaceAddress, FromHostSource.LocalInterface);
}
