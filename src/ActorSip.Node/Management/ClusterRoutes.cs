using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>/api/cluster/...: pbm's cluster palette (show, status, leader, join, leave, down, down-unreachable, tail).</summary>
public static class ClusterRoutes
{
    public static void Map(IEndpointRouteBuilder app, NodeHost node)
    {
        Akka.Cluster.Cluster Cluster() => Akka.Cluster.Cluster.Get(node.System!);

        app.MapGet("/api/cluster/members", () =>
        {
            var cluster = Cluster();
            var state = cluster.State;
            return Results.Json(state.Members.Select(m => Describe(m, state, cluster.SelfAddress)));
        });
        app.MapGet("/api/cluster/status", () =>
        {
            var cluster = Cluster();
            var state = cluster.State;
            return Results.Json(new
            {
                self = Describe(cluster.SelfMember, state, cluster.SelfAddress),
                leader = state.Leader?.ToString(),
                members = state.Members.Count,
                unreachable = state.Unreachable.Select(m => m.Address.ToString()).ToArray(),
            });
        });
        app.MapGet("/api/cluster/leader", () => Results.Json(new { leader = Cluster().State.Leader?.ToString() }));
        app.MapPost("/api/cluster/join", (string address) =>
            WithAddress(address, a => Cluster().Join(a), "joining"));
        app.MapPost("/api/cluster/leave", (string? address) =>
            // Leave (not Down): the member hands its shards and singleton over, then its node shuts down.
            WithAddress(address ?? Cluster().SelfAddress.ToString(), a => Cluster().Leave(a), "leaving"));
        app.MapPost("/api/cluster/down", (string address) =>
            WithAddress(address, a => Cluster().Down(a), "downing"));
        app.MapPost("/api/cluster/down-unreachable", () =>
        {
            var cluster = Cluster();
            var unreachable = cluster.State.Unreachable.Select(m => m.Address).ToList();
            foreach (var a in unreachable) cluster.Down(a);
            return Results.Json(new { downed = unreachable.Select(a => a.ToString()).ToArray() });
        });
        app.MapGet("/api/cluster/tail", async (HttpContext http, int? count, CancellationToken ct) =>
        {
            // One JSON line per member event, flushed as it happens, until the client goes away (or count events).
            http.Response.ContentType = "application/x-ndjson";
            var events = Channel.CreateUnbounded<ClusterEvent.IMemberEvent>();
            var listener = node.System!.ActorOf(Props.Create(() => new MemberEventForwarder(events.Writer)));
            try
            {
                var sent = 0;
                await http.Response.StartAsync(ct);
                await foreach (var e in events.Reader.ReadAllAsync(ct))
                {
                    var line = JsonSerializer.Serialize(new
                    {
                        time = DateTimeOffset.UtcNow, @event = e.GetType().Name, address = e.Member.Address.ToString(),
                        status = e.Member.Status.ToString(), roles = e.Member.Roles.ToArray(),
                    });
                    await http.Response.WriteAsync(line + "\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    if (count is { } max && ++sent >= max) break;
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                node.System!.Stop(listener);
            }
        });
    }

    private static object Describe(Member m, ClusterEvent.CurrentClusterState state, Address self) => new
    {
        address = m.Address.ToString(), roles = m.Roles.ToArray(), status = m.Status.ToString(),
        reachable = !state.Unreachable.Contains(m), version = m.AppVersion.ToString(),
        leader = state.Leader == m.Address, self = m.Address == self,
    };

    private static IResult WithAddress(string text, Action<Address> act, string verb)
    {
        Address address;
        try
        {
            address = Address.Parse(text);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            return Results.BadRequest(new { error = $"'{text}' is not a cluster address (akka.tcp://actorsip@HOST:PORT): {e.Message}" });
        }
        if (address.Host is null || address.Port is not > 0)
            return Results.BadRequest(new { error = $"'{text}' is not a cluster address: it needs a host and a port (akka.tcp://actorsip@HOST:PORT)" });
        act(address);
        return Results.Json(new { result = $"{verb} {address}" });
    }

    /// <summary>Subscribes to member events (the current state arrives first as events) and forwards them.</summary>
    private sealed class MemberEventForwarder : ReceiveActor
    {
        public MemberEventForwarder(ChannelWriter<ClusterEvent.IMemberEvent> writer)
        {
            Receive<ClusterEvent.IMemberEvent>(e => writer.TryWrite(e));
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
