using System.Collections.Immutable;

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
    public static ImmutableHashSet<ConfigKey> Changed(TrunkConfig before, TrunkConfig after)
    {
        var a = Items(before);
        var b = Items(after);
        var changed = ImmutableHashSet.CreateBuilder<ConfigKey>();
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !Equals(value, other)) changed.Add(key);
        }
        foreach (var key in b.Keys)
        {
            if (!a.ContainsKey(key)) changed.Add(key);
        }
        return changed.ToImmutable();
    }

    private static Dictionary<ConfigKey, object> Items(TrunkConfig config)
    {
        var items = new Dictionary<ConfigKey, object>();
        foreach (var (index, registrar) in config.Registrars) items[ConfigKey.Registrar(index)] = registrar;
        if (config.PrimaryRegistrar is { } primary) items[ConfigKey.LegacyRegistrar(false)] = primary;
        if (config.SecondaryRegistrar is { } secondary) items[ConfigKey.LegacyRegistrar(true)] = secondary;
        foreach (var c in config.Credentials) items[ConfigKey.Credential(c.Number, c.Realm)] = c;
        foreach (var a in config.Authentications) items[ConfigKey.Authentication(null, a.Username, a.Realm)] = a;
        if (config.LocalHost is { } localHost) items[ConfigKey.LocalHost(null)] = localHost;
        foreach (var (tag, peer) in config.DialPeers)
        {
            items[ConfigKey.DialPeer(tag)] = tag;
            if (peer.DestinationPattern is { } pattern) items[ConfigKey.DestinationPattern(tag)] = pattern;
            foreach (var a in peer.Authentications) items[ConfigKey.Authentication(tag, a.Username, a.Realm)] = a;
            if (peer.LocalHost is { } peerHost) items[ConfigKey.LocalHost(tag)] = peerHost;
        }
        return items;
    }
}
