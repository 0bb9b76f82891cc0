namespace ActorSip.Trunks.Tests.Versioning;

/// <summary>Two operators validate changes against the same version: both land unless they touch the same item.</summary>
public sealed class VersionedApplyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private const string Base = "sip-ua\n registrar 1 ipv4:127.0.0.1:5060 expires 600\n credentials number 1001 username u1 password p1 realm a.test\n";

    /// <summary>As the singleton is asked: the lines with what they touch against the base configuration.</summary>
    private static IosApplyResult Versioned(TrunkConfig current, long currentVersion, ConfigHistory history, long baseVersion, string text, string file,
        TrunkConfig? validatedAgainst = null) =>
        VersionedApply.Apply(current, currentVersion, history, baseVersion,
            VersionedApply.TouchedBy(IosApply.Apply(validatedAgainst ?? IosConfigReader.Read(Base, "t").Config!, text, file)), text, file);

    private static (TrunkConfig Config, ConfigHistory History) AfterOneChange(string change)
    {
        var v1 = IosConfigReader.Read(Base, "t").Config!;
        var v2 = IosApply.Apply(v1, change, "first").Config!;
        var history = ConfigHistory.Empty
            .Record(new ConfigChange(1, At, "node-a", "trunks.cfg", ConfigKeys.Changed(TrunkConfig.Empty, v1)))
            .Record(new ConfigChange(2, At.AddMinutes(1), "node-b", "config apply -", ConfigKeys.Changed(v1, v2)));
        return (v2, history);
    }

    [Fact]
    public void Lines_validated_against_the_current_version_apply_as_they_are()
    {
        var (config, history) = AfterOneChange("sip-ua\n credentials number 1002 username u2 password p2 realm a.test\n");
        var result = Versioned(config, 2, history, 2, "sip-ua\n credentials number 1003 username u3 password p3 realm a.test\n", "second");
        Assert.True(result.IsOk);
        Assert.Equal(3, result.Config!.Credentials.Count);
    }

    [Fact]
    public void A_change_based_on_an_older_version_lands_when_it_touches_nothing_changed_since()
    {
        var (config, history) = AfterOneChange("sip-ua\n credentials number 1002 username u2 password p2 realm a.test\n");
        var result = Versioned(config, 2, history, 1, "sip-ua\n credentials number 1003 username u3 password p3 realm a.test\n", "second");
        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Equal(["1001", "1002", "1003"], result.Config!.Credentials.Select(c => c.Number.Value));
    }

    [Fact]
    public void A_change_to_an_item_changed_since_its_version_is_refused_naming_the_line_who_and_when()
    {
        var (config, history) = AfterOneChange("sip-ua\n no credentials number 1001 username u1 realm a.test\n credentials number 1001 username u1 password other realm a.test\n");
        var result = Versioned(config, 2, history, 1,
            "sip-ua\n registrar 2 ipv4:127.0.0.1:5070 expires 600\n no credentials number 1001 username u1 realm a.test\n credentials number 1001 username u1 password mine realm a.test\n",
            "second");
        Assert.False(result.IsOk);
        Assert.Null(result.Config);
        Assert.Equal([3, 4], result.Errors.Select(e => e.Line));
        var error = result.Errors[1];
        Assert.Equal("second", error.File);
        Assert.Equal("% conflict: 'credentials number 1001 username u1 password ***** realm a.test': credentials number 1001 realm a.test " +
                     "was changed by node-b (config apply -) at 2026-12-03 10:01:00Z; re-read and apply again", error.Message);
        Assert.DoesNotContain("mine", string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_dial_peer_conflicts_with_a_change_inside_it()
    {
        var v1 = IosConfigReader.Read("dial-peer voice 3 pots\n destination-pattern 5550100\n", "t").Config!;
        var v2 = IosApply.Apply(v1, "dial-peer voice 3 pots\n destination-pattern 5550101\n", "first").Config!;
        var history = ConfigHistory.Empty.Record(new ConfigChange(5, At, "node-b", "-", ConfigKeys.Changed(v1, v2)));
        var result = Versioned(v2, 5, history, 4, "no dial-peer voice 3\n", "second", validatedAgainst: v1);
        Assert.StartsWith("% conflict: 'no dial-peer voice 3': dial-peer voice 3 was changed by node-b", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_adding_an_item_another_change_added_meanwhile_is_a_conflict()
    {
        var (config, history) = AfterOneChange("sip-ua\n credentials number 1002 username u2 password p2 realm a.test\n");
        var result = Versioned(config, 2, history, 1, "sip-ua\n credentials number 1002 username x password y realm a.test\n", "second");
        Assert.StartsWith("% conflict: 'credentials number 1002 username x password ***** realm a.test': credentials number 1002 realm a.test was changed by node-b",
            Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_without_a_conflict_are_validated_again_against_the_configuration_in_force()
    {
        var v1 = TrunkConfig.Empty;
        var v2 = IosApply.Apply(v1, "sip-ua\n registrar 1 ipv4:127.0.0.1:5060\n", "first").Config!;
        var history = ConfigHistory.Empty.Record(new ConfigChange(1, At, "node-b", "-", ConfigKeys.Changed(v1, v2)));
        // Another item, but the seed forbids the legacy form beside indexed registrars.
        var result = Versioned(v2, 1, history, 0, "sip-ua\n registrar dns:old.example expires 3600\n", "second", validatedAgainst: v1);
        var error = Assert.Single(result.Errors);
        Assert.DoesNotContain("conflict", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void A_base_older_than_the_remembered_window_is_a_conflict()
    {
        var history = ConfigHistory.Empty with { Capacity = 2 };
        for (var v = 1; v <= 4; v++) history = history.Record(new ConfigChange(v, At, "n", "s", []));
        Assert.Equal(2, history.Floor);
        Assert.NotNull(history.Since(2));
        Assert.Null(history.Since(1));
        var result = Versioned(TrunkConfig.Empty, 4, history, 1, "sip-ua\n registrar 1 ipv4:127.0.0.1:5060\n", "late");
        Assert.StartsWith("% conflict: these lines were validated against version 1", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
