namespace ActorSip.Sip.Locating;

/// <summary>RFC 2782 target selection: ascending priority; within one priority, weighted random order.</summary>
internal static class SrvOrdering
{
    public static IReadOnlyList<SrvEntry> Order(IEnumerable<SrvEntry> records, Random random)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(random);
        var ordered = new List<SrvEntry>();
        foreach (var group in records.GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            // RFC 2782: weight-0 records go first in the list, so they are picked only when the random
            // number is 0, i.e. rarely when heavier records exist, and in list order when all weights are 0.
            var remaining = group.Where(r => r.Weight == 0).Concat(group.Where(r => r.Weight > 0)).ToList();
            while (remaining.Count > 0)
            {
                var total = remaining.Sum(r => r.Weight);
                var pick = random.Next(0, total + 1);
                var running = 0;
                var chosen = remaining.Count - 1;
                for (var i = 0; i < remaining.Count; i++)
                {
                    running += remaining[i].Weight;
                    if (running >= pick)
                    {
                        chosen = i;
                        break;
                    }
                }

                ordered.Add(remaining[chosen]);
                remaining.RemoveAt(chosen);
            }
        }

        return ordered;
    }
}
