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
    public static ImmutableArray<ConfigItemChange> Between(TrunkConfig before, TrunkConfig after)
    {
        var a = ConfigKeys.Items(before);
        var b = ConfigKeys.Items(after);
        var changes = new List<ConfigItemChange>();
        foreach (var (key, item) in a)
        {
            if (!b.TryGetValue(key, out var other)) changes.Add(new ConfigItemChange(key, ConfigChangeKind.Removed, item.Line, null));
            else if (!Equals(item.Value, other.Value)) changes.Add(new ConfigItemChange(key, ConfigChangeKind.Changed, item.Line, other.Line));
        }
        foreach (var (key, item) in b)
        {
            if (!a.ContainsKey(key)) changes.Add(new ConfigItemChange(key, ConfigChangeKind.Added, null, item.Line));
        }
        return [.. changes.OrderBy(c => c.Key.Scope ?? c.Key.Name, StringComparer.Ordinal).ThenBy(c => c.Key.Name, StringComparer.Ordinal)];
    }
}
