using ActorSip.Trunks.Planning;

namespace ActorSip.Trunks.Tests.Planning;

/// <summary>What one configuration change asks of the cluster: each row is a change and the plan items it touches.</summary>
public sealed class PlanDiffTests
{
    private const string Base = """
        sip-ua
         registrar 1 ipv4:127.0.0.1:5060 expires 600
         registrar 2 ipv4:127.0.0.1:5070 expires 600
         credentials number 1001 username u1 password p1 realm a.test
         credentials number 1002 username u2 password p2 realm a.test
        """;

    public static TheoryData<string, string, string> Changes() => new()
    {
        // change, "written|cleared|registrars configured|registrars removed", "added|changed|removed" bindings
        { "sip-ua\n credentials number 1003 username u3 password p3 realm a.test\n", "1003/a.test|||", "1003@1,1003@2||" },
        { "sip-ua\n no credentials number 1002 username u2 realm a.test\n", "|1002/a.test||", "||1002@1,1002@2" },
        { "sip-ua\n no credentials number 1002 username u2 realm a.test\n credentials number 1002 username u2 password new realm a.test\n", "1002/a.test|||", "||" },
        { "sip-ua\n credentials number 1001 username u1b password p1 realm b.test\n", "1001/b.test|||", "||" },
        { "sip-ua\n registrar 2 ipv4:127.0.0.1:5071 expires 600\n", "||2|", "|1001@2,1002@2|" },
        { "sip-ua\n registrar 2 ipv4:127.0.0.1:5070 expires 600 refresh-ratio 50\n", "||2|", "|1001@2,1002@2|" },
        { "sip-ua\n no registrar 2\n", "|||2", "||1001@2,1002@2" },
        { "sip-ua\n registrar 3 dns:c.example expires 600\n", "||3|", "1001@3,1002@3||" },
        { "sip-ua\n credentials number 1001 username u1 password p1 realm a.test\n", "|||", "||" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_touches_exactly_the_slices_registrars_and_bindings_it_changes(string change, string items, string bindings)
    {
        var before = IosConfigReader.Read(Base, "t").Config!;
        var after = IosApply.Apply(before, change, "c").Config!;
        var diff = TrunkPlan.Diff(TrunkPlan.From(before), TrunkPlan.From(after));
        string Ids(IEnumerable<string> ids) => string.Join(",", ids.Order(StringComparer.Ordinal));
        Assert.Equal(items, string.Join("|", Ids(diff.SlicesWritten.Select(s => s.Id)), Ids(diff.SlicesCleared),
            Ids(diff.RegistrarsConfigured.Select(r => r.Id)), Ids(diff.RegistrarsRemoved)));
        Assert.Equal(bindings, string.Join("|", Ids(diff.BindingsAdded.Select(b => b.Id)), Ids(diff.BindingsChanged.Select(b => b.Id)),
            Ids(diff.BindingsRemoved.Select(b => b.Id))));
        Assert.Equal(TrunkPlan.From(after).Bindings.Length, diff.BindingsAdded.Length + diff.BindingsChanged.Length + diff.BindingsKept.Length);
        Assert.Equal(change.Contains("password p1 realm a.test", StringComparison.Ordinal), diff.IsEmpty);
    }

    [Fact]
    public void From_nothing_everything_is_added_and_to_nothing_everything_goes()
    {
        var plan = TrunkPlan.From(IosConfigReader.Read(Base, "t").Config!);
        var empty = TrunkPlan.From(TrunkConfig.Empty);
        var up = TrunkPlan.Diff(empty, plan);
        Assert.Equal(4, up.BindingsAdded.Length);
        Assert.Equal(2, up.SlicesWritten.Length);
        Assert.Equal(2, up.RegistrarsConfigured.Length);
        var down = TrunkPlan.Diff(plan, empty);
        Assert.Equal(4, down.BindingsRemoved.Length);
        Assert.Equal(["1001/a.test", "1002/a.test"], down.SlicesCleared.Order(StringComparer.Ordinal));
        Assert.Equal(["1", "2"], down.RegistrarsRemoved.Order(StringComparer.Ordinal));
    }
}
