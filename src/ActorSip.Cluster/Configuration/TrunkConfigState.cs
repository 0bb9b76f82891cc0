using ActorSip.Trunks;
using ActorSip.Trunks.Planning;

namespace ActorSip.Cluster.Configuration;

/// <summary>
/// Everything the trunk-config singleton knows, in one immutable record changed only by <see cref="Apply(TrunkConfigEvents.Replaced, TrunkConfig, long)"/>
/// and <see cref="Apply(TrunkConfigEvents.CredentialsStored)"/> of its own events, in recovery as after a persist.
/// A change event is applied with its configuration already decrypted and read: the state holds no key.
/// </summary>
public sealed record TrunkConfigState(TrunkConfig Config, TrunkPlan Plan, string Masked, long Version, long StoredVersion, ConfigHistory History)
{
    public static TrunkConfigState Empty { get; } = new(TrunkConfig.Empty, TrunkPlan.From(TrunkConfig.Empty), "", 0, -1, ConfigHistory.Empty);

    /// <summary>The change event at sequence number <paramref name="version"/>, whose configuration reads as <paramref name="config"/>.</summary>
    public TrunkConfigState Apply(TrunkConfigEvents.Replaced e, TrunkConfig config, long version) => this with
    {
        History = History.Record(new ConfigChange(version, e.At, e.Node, ChangeSource(e), ConfigKeys.Changed(Config, config))),
        Config = config,
        Plan = TrunkPlan.From(config),
        Masked = e.Masked,
        Version = version,
    };

    public TrunkConfigState Apply(TrunkConfigEvents.CredentialsStored e) => this with { StoredVersion = e.ConfigVersion };

    /// <summary>Nothing configured yet (or everything removed): the running configuration reads as none.</summary>
    public bool IsEmpty => Plan.Registrars.Length == 0 && Plan.Endpoints.Length == 0;

    /// <summary>How a conflict names the change it met: its source, and its operator when known.</summary>
    private static string ChangeSource(TrunkConfigEvents.Replaced e) => e.Operator is { } by ? $"{e.Source} as {by}" : e.Source;
}
