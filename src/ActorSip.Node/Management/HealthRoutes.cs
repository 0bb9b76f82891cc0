using ActorSip.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorSip.Node.Management;

/// <summary>/health (always "ok" once the endpoint listens, as before), /health/live and /health/ready for
/// Kubernetes' probes: 200 or 503 with one line per check (<see cref="NodeHealth"/>).</summary>
public static class HealthRoutes
{
    /// <summary>Paths answered without a token and while the node starts.</summary>
    public static readonly IReadOnlySet<string> Paths = new HashSet<string>(StringComparer.Ordinal) { "/health", "/health/live", "/health/ready" };

    public static void Map(WebApplication app, NodeHost node)
    {
        app.MapGet("/health", () => Results.Text("ok\n"));
        app.MapGet("/health/live", async (CancellationToken ct) => await NodeHealth.IsLiveAsync(node, ct)
            ? Results.Text("live\n")
            : Results.Text("not live: the actor system stopped or does not answer\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/health/ready", async (CancellationToken ct) =>
        {
            var (ready, checks) = await NodeHealth.ReadinessAsync(node, ct);
            return Results.Text(string.Join('\n', checks) + "\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
