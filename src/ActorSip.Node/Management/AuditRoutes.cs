using System.Globalization;
using System.Text.Json;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorSip.Cluster.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/audit: the event-sourced audit trail (replay with filters, state as of a moment, live tail).</summary>
public static class AuditRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        app.MapGet("/api/audit", async (string? entity, string? since, string? until, string? asOf, CancellationToken ct) =>
        {
            if (!TryTime(since, out var from, out var error) || !TryTime(until, out var to, out error) || !TryTime(asOf, out var at, out error))
                return Results.BadRequest(new { error });
            var history = await node.Audit!.CurrentAsync(ct);
            if (at is { } moment) return Results.Json(AuditAsOf.Build(history, moment));
            return Results.Json(history.Select(h => h.Record)
                .Where(r => (entity is null || Matches(r.Entity, entity)) && (from is null || r.Time >= from) && (to is null || r.Time <= to)));
        });
        app.MapGet("/api/audit/tail", async (HttpContext http, int? count, CancellationToken ct) =>
        {
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.StartAsync(ct);
            var history = await node.Audit!.CurrentAsync(ct);
            var after = history.Count == 0 ? 0 : history.Max(h => h.Record.Offset);
            var source = node.Audit.Live(after, history);
            if (count is { } n) source = source.Take(n);
            var web = JsonSerializerOptions.Web;
            try
            {
                await source.RunForeach(r =>
                {
                    // Akka streams call this on their own thread; the write is awaited so lines stay in order.
                    http.Response.WriteAsync(JsonSerializer.Serialize(r, web) + "\n", ct).GetAwaiter().GetResult();
                    http.Response.Body.FlushAsync(ct).GetAwaiter().GetResult();
                }, node.System!.Materializer()).WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>An entity by persistence id (binding-1001@1), by id (1001@1) or by prefix (credential-1001).</summary>
    private static bool Matches(string persistenceId, string entity) =>
        persistenceId == entity || persistenceId.EndsWith("-" + entity, StringComparison.Ordinal) || persistenceId.StartsWith(entity, StringComparison.Ordinal);

    private static bool TryTime(string? text, out DateTimeOffset? time, out string error)
    {
        time = null;
        error = "";
        if (text is null) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            time = t;
            return true;
        }
        error = $"'{text}' is not a time: use ISO 8601, e.g. 2026-11-24T10:32:00Z (UTC when no offset is given)";
        return false;
    }
}
