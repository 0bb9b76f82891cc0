using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/cluster/...: membership as this node sees it (pbm's cluster palette).</summary>
public static class ClusterRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
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
    }
}
