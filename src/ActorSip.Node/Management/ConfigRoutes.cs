using Akka.Actor;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Trunks;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/config...: the running configuration (secrets masked), `config apply`, the credentials table and
/// `sip-ua register now` / `sip-ua unregister`. Passwords never leave the node through these routes.</summary>
public static class ConfigRoutes
{
    /// <summary>Tells every configured binding of the endpoint (or of all endpoints) the command.</summary>
    private static async Task<IResult> ToBindings(NodeHost node, string endpoint, Func<string, IBindingMessage> command, CancellationToken ct)
    {
        var config = await node.RunningConfigAsync(ct) ?? TrunkConfig.Empty;
        var bindings = TrunkPlan.From(config).Bindings.Where(b => endpoint == "all" || b.Endpoint.ToString() == endpoint).ToList();
        if (bindings.Count == 0) return Results.NotFound(new { error = $"no binding for endpoint '{endpoint}'" });
        foreach (var b in bindings) node.Bindings!.Tell(command(b.Id));
        return Results.Json(new { bindings = bindings.Select(b => b.Id).ToArray() });
    }

    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        app.MapGet("/api/config", async (string? format, CancellationToken ct) =>
        {
            var config = await node.RunningConfigAsync(ct) ?? TrunkConfig.Empty;
            return (format ?? "ios") switch
            {
                "ios" => Results.Json(new { format = "ios", text = IosWriter.Write(config, SecretPrinting.Masked) }),
                "hocon" => Results.Json(new { format = "hocon", text = HoconWriter.Write(config, SecretPrinting.Masked) }),
                _ => Results.BadRequest(new { error = $"format '{format}': use ios or hocon" }),
            };
        });
        app.MapPost("/api/config/apply", async (HttpContext context, HttpRequest request, string? source, bool? dryRun, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(ct);
            if (dryRun == true)
            {
                var (checkedLines, preview) = await node.DryRunAsync(text, source ?? "-", ct);
                if (!checkedLines.IsOk)
                    return Results.BadRequest(new { error = string.Join("\n", checkedLines.Errors), errors = checkedLines.Errors.Select(e => e.ToString()).ToArray() });
                return Results.Json(new
                {
                    dryRun = true,
                    changed = checkedLines.Lines.Any(l => l.Changed),
                    lines = checkedLines.Lines.Select(l => new { line = l.Line, text = l.Text, result = l.Changed ? "would apply" : "unchanged" }),
                    preview = ConfigPreviewJson.Of(preview!),
                });
            }
            var (errors, applied) = await node.ApplyAsync(text, source ?? "-", RequestOperator.Of(context), ct);
            if (!errors.IsEmpty)
                return Results.BadRequest(new { error = string.Join("\n", errors), errors = errors.Select(e => e.ToString()).ToArray() });
            return Results.Json(new
            {
                changed = applied.Any(l => l.Changed),
                lines = applied.Select(l => new { line = l.Line, text = l.Text, result = l.Changed ? "applied" : "unchanged" }),
            });
        });
        app.MapPost("/api/config/diff", async (HttpRequest request, string? source, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var (file, preview) = await node.DiffAsync(await reader.ReadToEndAsync(ct), source ?? "-", ct);
            if (!file.IsOk)
                return Results.BadRequest(new { error = string.Join("\n", file.Errors), errors = file.Errors.Select(e => e.ToString()).ToArray() });
            return Results.Json(ConfigPreviewJson.Of(preview!));
        });
        app.MapGet("/api/credentials", async (CancellationToken ct) =>
        {
            var config = await node.RunningConfigAsync(ct) ?? TrunkConfig.Empty;
            return Results.Json(TrunkPlan.From(config).CredentialSlices.SelectMany(slice => CredentialSliceEntries.From(slice).Select(e => new
            {
                slice = slice.Id, endpoint = slice.Endpoint.ToString(), realm = e.Realm ?? slice.Realm?.Value, username = e.Username,
                source = e.Source.ToString(), dialPeer = e.DialPeer,
            })));
        });
        app.MapPost("/api/bindings/register-now", (string endpoint, CancellationToken ct) =>
            ToBindings(node, endpoint, id => new BindingCommands.RegisterNow(id), ct));
        app.MapPost("/api/bindings/unregister", (string endpoint, CancellationToken ct) =>
            ToBindings(node, endpoint, id => new BindingCommands.Unregister(id), ct));
    }
}
