using System.Collections.Immutable;

namespace ActorSip.Trunks;

public enum ConfigChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One item that differs between two configurations, with its masked line before and after.</summary>
public sealed record ConfigItemChange(ConfigKey Key, ConfigChangeKind Kind, string? Before, string? After);

/// <summary>The items that differ between two configurations, in a stable order (`config diff`, dry runs, conflicts).</summary>
public static class ConfigDiff
{
    public static ImmutableArray<ConfigItemChange> Between(TrunkConfig before, TrunkConfig after) =>
    [
        .. ConfigKeys.Compare(before, after)
            .Select(c => new ConfigItemChange(c.Key,
                c.Before is null ? ConfigChangeKind.Added : c.After is null ? ConfigChangeKind.Removed : ConfigChangeKind.Changed,
                c.Before?.Line, c.After?.Line))
            .OrderBy(c => c.Key.Scope ?? c.Key.Name, StringComparer.Ordinal).ThenBy(c => c.Key.Name, StringComparer.Ordinal),
    ];
}
