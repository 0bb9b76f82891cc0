using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>POST /api/test-call: an outbound INVITE from an endpoint, answering the far end's challenge.</summary>
public static class TestCallRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        app.MapPost("/api/test-call", async (string from, string to, string target, CancellationToken token) =>
        {
            var r = await node.PlaceTestCallAsync(from, to, target, token);
            return Results.Json(new
            {
                firstStatus = r.FirstStatus, finalStatus = r.FinalStatus, realm = r.AnsweredRealm, username = r.Username,
                fromHost = r.FromHost, error = r.Error,
            });
        });
    }
}
