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
    public static ImmutableHashSet<ConfigKey> Changed(TrunkConfig before, TrunkConfig after) => [.. Compare(before, after).Select(c => c.Key)];

    /// <summary>Each item that differs, with its item before (null: added) and after (null: removed); nothing rendered.</summary>
    public static IEnumerable<(ConfigKey Key, ConfigItem? Before, ConfigItem? After)> Compare(TrunkConfig before, TrunkConfig after)
    {
        var a = Items(before);
        var b = Items(after);
        foreach (var (key, item) in a)
        {
            if (!b.TryGetValue(key, out var other)) yield return (key, item, null);
            else if (!Equals(item.Value, other.Value)) yield return (key, item, other);
        }
        foreach (var (key, item) in b)
            if (!a.ContainsKey(key)) yield return (key, null, item);
    }

    /// <summary>Every item of the configuration with its value and how to print its line as `show running-config`
    /// does (password masked; an item inside a dial-peer prefixed with it). Lines are rendered only when asked for:
    /// <see cref="Changed"/> runs on every change event, in recovery too, and needs the values alone.</summary>
    public static Dictionary<ConfigKey, ConfigItem> Items(TrunkConfig config)
    {
        var items = new Dictionary<ConfigKey, ConfigItem>();
        void Add(ConfigKey key, object value, Func<object, string> render) => items[key] = new ConfigItem(value, key.Scope, render);
        foreach (var (index, registrar) in config.Registrars) Add(ConfigKey.Registrar(index), registrar, v => IosWriter.Registrar((Registrar)v));
        if (config.PrimaryRegistrar is { } primary) Add(ConfigKey.LegacyRegistrar(false), primary, v => IosWriter.Legacy((LegacyRegistrar)v, secondary: false));
        if (config.SecondaryRegistrar is { } secondary) Add(ConfigKey.LegacyRegistrar(true), secondary, v => IosWriter.Legacy((LegacyRegistrar)v, secondary: true));
        foreach (var c in config.Credentials) Add(ConfigKey.Credential(c.Number, c.Realm), c, v => IosWriter.Credential((Credential)v, SecretPrinting.Masked));
        foreach (var a in config.Authentications) Add(ConfigKey.Authentication(null, a.Username, a.Realm), a, Authentication);
        if (config.LocalHost is { } localHost) Add(ConfigKey.LocalHost(null), localHost, v => IosWriter.LocalHost((LocalHost)v));
        foreach (var (tag, peer) in config.DialPeers)
        {
            Add(ConfigKey.DialPeer(tag), tag, v => $"dial-peer voice {v} pots");
            if (peer.DestinationPattern is { } pattern) Add(ConfigKey.DestinationPattern(tag), pattern, v => $"destination-pattern {v}");
            foreach (var a in peer.Authentications) Add(ConfigKey.Authentication(tag, a.Username, a.Realm), a, Authentication);
            if (peer.LocalHost is { } peerHost) Add(ConfigKey.LocalHost(tag), peerHost, v => "voice-class sip " + IosWriter.LocalHost((LocalHost)v));
        }
        return items;
    }

    private static string Authentication(object value) => IosWriter.Authentication((Authentication)value, SecretPrinting.Masked);
}

/// <summary>One item's value (compared in full, passwords included) and its masked line, rendered when read.</summary>
public sealed record ConfigItem(object Value, string? Scope, Func<object, string> Render)
{
    public string Line => Scope is { } scope ? $"{scope}: {Render(Value)}" : Render(Value);
}
