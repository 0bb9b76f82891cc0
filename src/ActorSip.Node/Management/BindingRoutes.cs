using Akka.Actor;
using ActorSip.Cluster.Bindings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/bindings: every binding of the cluster as this node's summary sees it.</summary>
public static class BindingRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
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
    }
}
