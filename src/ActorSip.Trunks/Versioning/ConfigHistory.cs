using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>One applied change: its version (the journal sequence number of its event), who made it and what it changed.</summary>
public sealed record ConfigChange(long Version, DateTimeOffset At, string Node, string Source, ImmutableHashSet<ConfigKey> Changed);

/// <summary>
/// The last changes of the running configuration, newest last, so a change validated against an older version can be
/// checked against what happened since. Bounded: a change based on a version older than the window is a conflict.
/// </summary>
public sealed record ConfigHistory(ImmutableQueue<ConfigChange> Changes, long Floor, int Capacity)
{
    public const int DefaultCapacity = 256;

    public static ConfigHistory Empty { get; } = new([], 0, DefaultCapacity);

    public ConfigHistory Record(ConfigChange change)
    {
        var changes = Changes.Enqueue(change);
        var floor = Floor;
        var count = changes.Count();
        while (count-- > Capacity)
        {
            changes = changes.Dequeue(out var dropped);
            floor = dropped.Version;
        }
        return this with { Changes = changes, Floor = floor };
    }

    /// <summary>The changes after <paramref name="baseVersion"/>, or null when the window no longer reaches back to it.</summary>
    public IReadOnlyList<ConfigChange>? Since(long baseVersion) =>
        baseVersion < Floor ? null : Changes.Where(c => c.Version > baseVersion).ToList();
}
