using Microsoft.AspNetCore.Http;

namespace ActorSip.Node.Management;

/// <summary>
/// With a token configured, every request needs <c>Authorization: Bearer TOKEN</c> (401 otherwise), except /health,
/// /health/live and /health/ready (for load balancers and probes) and the status page's static HTML, which holds no data: its script asks for the
/// token and sends it with each API call.
/// </summary>
public static class BearerToken
{
    private static readonly HashSet<string> Open = new(HealthRoutes.Paths, StringComparer.Ordinal) { "/", "/status" };

    public static Func<HttpContext, RequestDelegate, Task> Require(IReadOnlyList<NamedToken> tokens) => async (context, next) =>
    {
        if (Open.Contains(context.Request.Path.Value ?? ""))
        {
            await next(context);
            return;
        }
        var presented = Presented(context.Request);
        // Every token is compared (in constant time each), so which one matched does not show in the timing.
        NamedToken? match = null;
        foreach (var t in tokens)
            if (ManagementSecurity.Matches(t.Token, presented)) match ??= t;
        if (match is not null)
        {
            RequestOperator.SetToken(context, match.Name);
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"actorsip\"";
        await context.Response.WriteAsync("401: this endpoint needs Authorization: Bearer TOKEN\n");
    };

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}
