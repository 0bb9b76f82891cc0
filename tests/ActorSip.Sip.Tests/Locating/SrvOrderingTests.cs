using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

public sealed class SrvOrderingTests
{
    [Fact]
    public void Lower_priority_always_comes_first()
    {
        var records = new[]
        {
            new SrvEntry(20, 100, 5060, "c.example.com"),
            new SrvEntry(10, 0, 5060, "a.example.com"),
            new SrvEntry(30, 5, 5060, "d.example.com"),
            new SrvEntry(10, 0, 5060, "b.example.com"),
        };

        var ordered = SrvOrdering.Order(records, new Random(7));

        Assert.Equal([10, 10, 20, 30], ordered.Select(r => r.Priority));
    }

    [Fact]
    public void Weighted_choice_follows_the_running_sum_of_rfc_2782()
    {
        var records = new[]
        {
            new SrvEntry(10, 30, 5060, "b.example.com"),
            new SrvEntry(10, 70, 5060, "c.example.com"),
            new SrvEntry(10, 0, 5060, "a.example.com"),
        };

        // List after placing weight 0 first: a(0) b(30) c(70); running sums 0, 30, 100.
        // 50 -> c (first sum >= 50); then a(0) b(30): 0 -> a; then b alone: sum 30, 17 -> b.
        var random = new ScriptedRandom(50, 0, 17);
        var ordered = SrvOrdering.Order(records, random);

        Assert.Equal(["c.example.com", "a.example.com", "b.example.com"], ordered.Select(r => r.Target));
        Assert.Equal([(0, 101), (0, 31), (0, 31)], random.Requests);
    }

    [Fact]
    public void All_zero_weights_keep_their_order()
    {
        var records = new[]
        {
            new SrvEntry(5, 0, 5060, "first.example.com"),
            new SrvEntry(5, 0, 5060, "second.example.com"),
            new SrvEntry(5, 0, 5060, "third.example.com"),
        };

        var random = new ScriptedRandom(0, 0, 0);
        var ordered = SrvOrdering.Order(records, random);

        Assert.Equal(["first.example.com", "second.example.com", "third.example.com"], ordered.Select(r => r.Target));
        Assert.All(random.Requests, r => Assert.Equal((0, 1), r));
    }

    [Fact]
    public void Heavier_records_come_first_in_proportion_to_weight()
    {
        var records = new[]
        {
            new SrvEntry(10, 10, 5060, "light.example.com"),
            new SrvEntry(10, 90, 5060, "heavy.example.com"),
            new SrvEntry(10, 0, 5060, "zero.example.com"),
        };

        var random = new Random(2782);
        var firsts = new Dictionary<string, int>();
        const int rounds = 10_000;
        for (var i = 0; i < rounds; i++)
        {
            var first = SrvOrdering.Order(records, random)[0].Target;
            firsts[first] = firsts.GetValueOrDefault(first) + 1;
        }

        // Expected shares of the first slot: heavy 90/101, light 10/101, zero 1/101 (only when the pick is 0).
        Assert.InRange(firsts["heavy.example.com"], 8_600, 9_200);
        Assert.InRange(firsts["light.example.com"], 800, 1_200);
        Assert.InRange(firsts.GetValueOrDefault("zero.example.com"), 50, 160);
    }
}
