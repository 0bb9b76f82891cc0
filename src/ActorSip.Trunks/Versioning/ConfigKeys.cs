using System.Collections.Immutable;
using ActorSip.Trunks.Export;

namespace ActorSip.Trunks;

/// <summary>Which <see cref="ConfigKey"/>s a command touches, and which differ between two configurations.</summary>
public static class ConfigKeys
{
    public static IEnumerable<ConfigKey> Touched(TrunkCommand command) => command switch
    {
        SetRegistrar c => [ConfigKey.Registrar(c.Registrar.Index)],
        RemoveRegistrar c => [ConfigKey.Registrar(c.Index)],
        SetLegacyRegistrar c => [ConfigKey.LegacyRegistrar(c.Secondary)],
        RemoveLegacyRegistrar c => [ConfigKey.LegacyRegistrar(c.Secondary)],
        SetCredential c => [ConfigKey.Credential(c.Credential.Number, c.Credential.Realm)],
        RemoveCredential c => [ConfigKey.Credential(c.Number, c.Realm)],
        SetAuthentication c => [ConfigKey.Authentication(c.DialPeer, c.Authentication.Username, c.Authentication.Realm)],
        RemoveAuthentication c => [ConfigKey.Authentication(c.DialPeer, c.Username, c.Realm)],
        SetLocalHost c => [ConfigKey.LocalHost(c.DialPeer)],
        RemoveLocalHost c => [ConfigKey.LocalHost(c.DialPeer)],
        AddDialPeer c => [ConfigKey.DialPeer(c.Tag)],
        RemoveDialPeer c => [ConfigKey.DialPeer(c.Tag)],
        SetDestinationPattern c => [ConfigKey.DestinationPattern(c.Tag)],
        RemoveDestinationPattern c => [ConfigKey.DestinationPattern(c.Tag)],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "a command without config keys"),
    };

    /// <summary>The keys whose value differs between the two configurations (set, changed or removed).</summary>
    public static ImmutableHashSet<ConfigKey> Changed(TrunkConfig before, TrunkConfig after) =>
        [.. ConfigDiff.Between(before, after).Select(c => c.Key)];

    /// <summary>Every item of the configuration with its value and its line as `show running-config` prints it
    /// (password masked; an item inside a dial-peer prefixed with it).</summary>
    public static Dictionary<ConfigKey, ConfigItem> Items(TrunkConfig config)
    {
        var items = new Dictionary<ConfigKey, ConfigItem>();
        void Add(ConfigKey key, object value, string line) => items[key] = new ConfigItem(value, key.Scope is { } scope ? $"{scope}: {line}" : line);
        foreach (var (index, registrar) in config.Registrars) Add(ConfigKey.Registrar(index), registrar, IosWriter.Registrar(registrar));
        if (config.PrimaryRegistrar is { } primary) Add(ConfigKey.LegacyRegistrar(false), primary, IosWriter.Legacy(primary, secondary: false));
        if (config.SecondaryRegistrar is { } secondary) Add(ConfigKey.LegacyRegistrar(true), secondary, IosWriter.Legacy(secondary, secondary: true));
        foreach (var c in config.Credentials) Add(ConfigKey.Credential(c.Number, c.Realm), c, IosWriter.Credential(c, SecretPrinting.Masked));
        foreach (var a in config.Authentications) Add(ConfigKey.Authentication(null, a.Username, a.Realm), a, IosWriter.Authentication(a, SecretPrinting.Masked));
        if (config.LocalHost is { } localHost) Add(ConfigKey.LocalHost(null), localHost, IosWriter.LocalHost(localHost));
        foreach (var (tag, peer) in config.DialPeers)
        {
            Add(ConfigKey.DialPeer(tag), tag, $"dial-peer voice {tag} pots");
            if (peer.DestinationPattern is { } pattern) Add(ConfigKey.DestinationPattern(tag), pattern, $"destination-pattern {pattern}");
            foreach (var a in peer.Authentications) Add(ConfigKey.Authentication(tag, a.Username, a.Realm), a, IosWriter.Authentication(a, SecretPrinting.Masked));
            if (peer.LocalHost is { } peerHost) Add(ConfigKey.LocalHost(tag), peerHost, "voice-class sip " + IosWriter.LocalHost(peerHost));
        }
        return items;
    }
}

/// <summary>One item's value (compared in full, passwords included) and its masked line.</summary>
public sealed record ConfigItem(object Value, string Line);
