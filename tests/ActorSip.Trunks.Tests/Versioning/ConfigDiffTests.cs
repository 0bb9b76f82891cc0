namespace ActorSip.Trunks.Tests.Versioning;

public sealed class ConfigDiffTests
{
    [Fact]
    public void Items_are_listed_added_removed_or_changed_with_masked_lines()
    {
        var before = IosConfigReader.Read("""
            sip-ua
             registrar 1 ipv4:127.0.0.1:5060 expires 600
             credentials number 1001 username u1 password Secret-1 realm a.test
            dial-peer voice 3 pots
             destination-pattern 5550100
            """, "t").Config!;
        var after = IosConfigReader.Read("""
            sip-ua
             registrar 1 ipv4:127.0.0.1:5061 expires 600
             credentials number 1001 username u1 password Secret-2 realm a.test
             credentials number 1002 username u2 password Secret-3 realm a.test
            """, "t").Config!;
        var diff = ConfigDiff.Between(before, after);
        Assert.Equal(
            [
                "Changed credentials number 1001 realm a.test: credentials number 1001 username u1 password 0 ***** realm a.test",
                "Added credentials number 1002 realm a.test: credentials number 1002 username u2 password 0 ***** realm a.test",
                "Removed dial-peer voice 3: dial-peer voice 3 pots",
                "Removed dial-peer voice 3: destination-pattern: dial-peer voice 3: destination-pattern 5550100",
                "Changed registrar 1: registrar 1 ipv4:127.0.0.1:5061 expires 600",
            ],
            diff.Select(c => $"{c.Kind} {c.Key}: {c.After ?? c.Before}"));
        Assert.DoesNotContain("Secret", string.Join("\n", diff.Select(c => c.Before + c.After)), StringComparison.Ordinal);
    }
}
