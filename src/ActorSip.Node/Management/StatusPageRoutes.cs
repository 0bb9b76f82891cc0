using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorSip.Node.Management;

/// <summary>/ and /status: a small live page (embedded StatusPage.html) whose script reads /api/bindings,
/// /api/registrars and /api/cluster/members every 1.5 s. The HTML itself carries no data.</summary>
public static class StatusPageRoutes
{
    private static readonly Lazy<string> Html = new(() => EmbeddedFiles.Read("status.html"));

    public static void Map(WebApplication app)
    {
        IResult Page(HttpContext context)
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";
            return Results.Content(Html.Value, "text/html; charset=utf-8");
        }
        app.MapGet("/", Page);
        app.MapGet("/status", Page);
    }
}
