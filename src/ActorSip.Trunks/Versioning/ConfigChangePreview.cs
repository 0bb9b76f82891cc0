using System.Collections.Immutable;
using ActorSip.Trunks.Planning;

namespace ActorSip.Trunks;

/// <summary>What going from one configuration to another would change: the items, and what the cluster would do.</summary>
public sealed record ConfigChangePreview(ImmutableArray<ConfigItemChange> Items, PlanDiff Plan)
{
    public static ConfigChangePreview Of(TrunkConfig before, TrunkConfig after) =>
        new(ConfigDiff.Between(before, after), TrunkPlan.Diff(TrunkPlan.From(before), TrunkPlan.From(after)));
}
