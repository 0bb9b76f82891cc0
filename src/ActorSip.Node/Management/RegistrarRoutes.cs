using Akka.Actor;
using ActorSip.Cluster.Registrars;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/registrars: each configured registrar's entity status.</summary>
public static class RegistrarRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        app.MapGet("/api/registrars", async (CancellationToken ct) =>
        {
            var list = new List<RegistrarQueries.Status>();
            foreach (var id in await node.RegistrarIdsAsync(ct))
                list.Add(await node.Registrars!.Ask<RegistrarQueries.Status>(new RegistrarQueries.GetStatus(id), TimeSpan.FromSeconds(5)));
            return Results.Json(list);
        });
    }
}
