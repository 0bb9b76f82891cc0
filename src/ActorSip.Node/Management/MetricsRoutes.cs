using ActorSip.Cluster.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorSip.Node.Management;

/// <summary>/metrics: the "ActorSip" meter (docs/METRICS.md) in Prometheus text format, through OpenTelemetry's exporter.</summary>
public static class MetricsRoutes
{
    public static void AddServices(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("actorsip-node"))
            .WithMetrics(m => m
            .AddMeter(ActorSipMetrics.MeterName)
            // A scrape reads the current values; no caching between scrapes.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
