using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorSip.Node.Management;

/// <summary>
/// The node's management endpoint (HTTP+JSON, pbm's port 9110 by default, loopback only). Each resource family maps
/// its own routes (one file per family, e.g. <see cref="BindingRoutes"/>), so `actorsip` palettes grow independently.
/// </summary>
public sealed class ManagementEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManagementEndpoint(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<ManagementEndpoint> StartAsync(IPEndPoint listen, NodeHost node, CancellationToken ct,
        IReadOnlyList<NamedToken>? tokens = null, X509Certificate2? certificate = null)
    {
        if ((tokens is null || tokens.Count == 0) && !IPAddress.IsLoopback(listen.Address))
            throw new InvalidOperationException($"--management {listen}: a non-loopback address needs a token: --management-token-file FILE, --management-tokens FILE or {ManagementSecurity.TokenVariable}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(listen, l =>
        {
            if (certificate is not null) l.UseHttps(certificate);
        }));
        MetricsRoutes.AddServices(builder.Services);
        var app = builder.Build();
        if (tokens is { Count: > 0 }) app.Use(BearerToken.Require(tokens));
        app.Use(WhileStarting(node));
        HealthRoutes.Map(app, node);
        MetricsRoutes.Map(app);
        StatusPageRoutes.Map(app);
        BindingRoutes.Map(app, node);
        ClusterRoutes.Map(app, node);
        ShardingRoutes.Map(app, node);
        RegistrarRoutes.Map(app, node);
        ConfigRoutes.Map(app, node);
        AuditRoutes.Map(app, node);
        TestCallRoutes.Map(app, node);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        return new ManagementEndpoint(app, new IPEndPoint(listen.Address, uri.Port));
    }

    /// <summary>The endpoint listens before the actor system exists (for the probes); until the node has started, the
    /// API answers 503 instead of failing on what is not there yet.</summary>
    private static Func<HttpContext, RequestDelegate, Task> WhileStarting(NodeHost node) => async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "";
        if (node.IsStarted || HealthRoutes.Paths.Contains(path) || path is "/metrics" or "/" or "/status")
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsync("503: the node is starting (see /health/ready)\n");
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
