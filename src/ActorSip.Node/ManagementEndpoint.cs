using System.Net;
using Akka.Actor;
using ActorSip.Cluster.Bindings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorSip.Node;

/// <summary>
/// The node's management endpoint (HTTP+JSON, pbm's port 9110 by default, loopback only): health and the
/// bindings this node holds. Later palettes of `actorsip` talk to it.
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

    public static async Task<ManagementEndpoint> StartAsync(IPEndPoint listen, NodeHost node, CancellationToken ct)
    {
        if (!IPAddress.IsLoopback(listen.Address))
            throw new InvalidOperationException($"--management {listen}: only loopback addresses are allowed until token authentication is configured");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(listen));
        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok\n"));
        app.MapGet("/api/bindings", async () =>
        {
            var list = await node.Summary!.Ask<List<BindingQueries.Status>>(BindingSummaryActor.GetAll.Instance, TimeSpan.FromSeconds(5));
            return Results.Json(list.Select(s => new
            {
                binding = s.BindingId, endpoint = s.Endpoint, registrar = s.Registrar, registrarId = s.RegistrarId,
                state = s.Phase.ToString(), expiresAt = s.ExpiresAt, lastStatus = s.LastStatus, lastReason = s.LastReason,
                callId = s.CallId, cseq = s.CSeq, node = s.Node,
            }));
        });
        app.MapGet("/api/cluster/members", () =>
        {
            var cluster = Akka.Cluster.Cluster.Get(node.System!);
            var state = cluster.State;
            return Results.Json(state.Members.Select(m => new
            {
                address = m.Address.ToString(), roles = m.Roles.ToArray(), status = m.Status.ToString(),
                reachable = !state.Unreachable.Contains(m), version = m.AppVersion.ToString(),
                leader = state.Leader == m.Address, self = m.Address == cluster.SelfAddress,
            }));
        });
        app.MapGet("/api/registrars", async () =>
        {
            var list = new List<ActorSip.Cluster.Registrars.RegistrarQueries.Status>();
            foreach (var id in node.RegistrarIds())
                list.Add(await node.Registrars!.Ask<ActorSip.Cluster.Registrars.RegistrarQueries.Status>(
                    new ActorSip.Cluster.Registrars.RegistrarQueries.GetStatus(id), TimeSpan.FromSeconds(5)));
            return Results.Json(list);
        });
        app.MapPost("/api/test-call", async (string from, string to, string target, CancellationToken token) =>
        {
            var r = await node.PlaceTestCallAsync(from, to, target, token);
            return Results.Json(new
            {
                firstStatus = r.FirstStatus, finalStatus = r.FinalStatus, realm = r.AnsweredRealm, username = r.Username,
                fromHost = r.FromHost, error = r.Error,
            });
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        return new ManagementEndpoint(app, new IPEndPoint(listen.Address, uri.Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
