using Akka.Actor;
using Akka.Cluster;
using Akka.Persistence;

namespace ActorSip.Node.Hosting;

/// <summary>
/// Liveness and readiness, for /health/live, /health/ready and systemd's watchdog. Live: the actor system, once
/// created, has not terminated and its dispatcher answers. Ready: started (configuration applied, bindings may send),
/// SIP listening, this member Up in the cluster, and the journal answering a read.
/// </summary>
public static class NodeHealth
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A persistence id nothing writes to: reading its highest sequence number is a real journal query.</summary>
    private const string ProbePersistenceId = "actorsip-readiness-probe";

    public static async Task<bool> IsLiveAsync(NodeHost node, CancellationToken ct)
    {
        if (node.System is not { } system) return true; // still before the actor system: starting is live
        if (system.WhenTerminated.IsCompleted) return false;
        try
        {
            await system.ActorSelection("/user").Ask<ActorIdentity>(new Identify(null), ProbeTimeout, ct);
            return true;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Ready or not, and one line per check saying why.</summary>
    public static async Task<(bool Ready, IReadOnlyList<string> Checks)> ReadinessAsync(NodeHost node, CancellationToken ct)
    {
        var checks = new List<string>();
        var ready = true;
        void Check(bool ok, string line)
        {
            ready &= ok;
            checks.Add((ok ? "ok: " : "not ready: ") + line);
        }
        Check(node.IsStarted, node.IsStarted ? "started" : "starting (the configuration is not applied yet)");
        Check(node.SipEndPoints.Count > 0, node.SipEndPoints.Count > 0 ? $"sip listening on {string.Join(", ", node.SipEndPoints)}" : "sip not listening");
        if (node.System is not { } system || system.WhenTerminated.IsCompleted)
        {
            Check(false, "no actor system");
            return (false, checks);
        }
        var status = Akka.Cluster.Cluster.Get(system).SelfMember.Status;
        Check(status == MemberStatus.Up, $"cluster member {status}");
        var journal = await JournalAsync(system, ct);
        Check(journal is null, journal ?? "journal reachable");
        return (ready, checks);
    }

    /// <summary>Null when the journal answered a read of the probe's highest sequence number, else why not.</summary>
    private static async Task<string?> JournalAsync(ActorSystem system, CancellationToken ct)
    {
        try
        {
            var journal = Persistence.Instance.Apply(system).JournalFor(null);
            var answer = await journal.Ask<object>(replyTo => new ReplayMessages(1, 0, 0, ProbePersistenceId, replyTo), ProbeTimeout, ct);
            return answer switch
            {
                RecoverySuccess => null,
                ReplayMessagesFailure f => $"journal not reachable: {f.Cause.Message}",
                _ => $"journal answered {answer.GetType().Name}",
            };
        }
        catch (AskTimeoutException)
        {
            return $"journal did not answer within {ProbeTimeout.TotalSeconds:F0} s";
        }
    }
}
