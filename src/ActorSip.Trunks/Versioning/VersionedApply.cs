using System.Collections.Immutable;
using System.Globalization;

namespace ActorSip.Trunks;

/// <summary>An item that one line of a `config apply` touches, as the node that validated the line saw it.</summary>
public readonly record struct LineKey(int Line, ConfigKey Key);

/// <summary>
/// `config apply` against the configuration in force, for lines a node validated against version <c>baseVersion</c>
/// (and the items they touch, <see cref="TouchedBy"/>). When the configuration moved since, a line touching an item a
/// later change touched is refused as a conflict naming who changed it and when; the other lines are validated again
/// against the configuration in force. Never a silent overwrite: two operators' changes both land or one re-reads.
/// </summary>
public static class VersionedApply
{
    /// <summary>What each line touches, from the commands of the lines' validation (<see cref="IosApply.Apply"/>).</summary>
    public static ImmutableArray<LineKey> TouchedBy(IosApplyResult validated) =>
        [.. validated.Commands.SelectMany(c => ConfigKeys.Touched(c.Command).Select(k => new LineKey(c.Line, k))).Distinct()];

    public static IosApplyResult Apply(TrunkConfig current, long currentVersion, ConfigHistory history, long baseVersion,
        ImmutableArray<LineKey> touched, string text, string file)
    {
        if (baseVersion != currentVersion)
        {
            var since = baseVersion > currentVersion ? null : history.Since(baseVersion);
            if (since is null)
            {
                return Refused([new ConfigError(file, 1,
                    $"% conflict: these lines were validated against version {baseVersion}, and the running configuration is at version " +
                    $"{currentVersion} with changes no longer remembered; re-read and apply again")]);
            }
            var conflicts = Conflicts(since, touched, text, file);
            if (conflicts.Count > 0) return Refused(conflicts);
        }
        return IosApply.Apply(current, text, file);
    }

    private static List<ConfigError> Conflicts(IReadOnlyList<ConfigChange> since, ImmutableArray<LineKey> touched, string text, string file)
    {
        var sourceLines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var conflicts = new List<ConfigError>();
        foreach (var line in touched.GroupBy(t => t.Line).OrderBy(g => g.Key))
        {
            var conflict = line
                .Select(t => (t.Key, Change: since.LastOrDefault(c => c.Changed.Any(t.Key.Overlaps))))
                .FirstOrDefault(k => k.Change is not null);
            if (conflict.Change is not { } change) continue;
            var lineText = line.Key - 1 < sourceLines.Length ? IosSecretMask.Mask(sourceLines[line.Key - 1].Trim()) : "";
            conflicts.Add(new ConfigError(file, line.Key,
                $"% conflict: '{lineText}': {conflict.Key} was changed by {change.Node} ({change.Source}) at " +
                $"{change.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}; re-read and apply again"));
        }
        return conflicts;
    }

    private static IosApplyResult Refused(IEnumerable<ConfigError> errors) => new(null, [.. errors], []);
}
