using System.Globalization;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>Reads series out of a /metrics scrape (Prometheus text format): <c>name{labels} value</c>.</summary>
public static class PrometheusText
{
    /// <summary>The series of <paramref name="name"/> whose labels contain <paramref name="label"/> (e.g. <c>code="200"</c>).</summary>
    public static IEnumerable<(string Labels, double Value)> Series(string metrics, string name, string label = "") =>
        metrics.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal)).Select(l =>
        {
            var close = l.LastIndexOf('}');
            return (Labels: l[(name.Length + 1)..close], Value: double.Parse(l[(close + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        }).Where(s => s.Labels.Contains(label, StringComparison.Ordinal));

    public static double Sum(string metrics, string name, string label = "") => Series(metrics, name, label).Sum(s => s.Value);

    /// <summary>The value of exactly one series.</summary>
    public static double Single(string metrics, string name, string label) => Series(metrics, name, label).Single().Value;
}
