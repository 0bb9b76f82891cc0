using Akka.Actor;
using Akka.Pattern;

namespace ActorSip.Cluster.Supervision;

/// <summary>
/// Wraps an entity in a backoff supervisor: a persistent actor that fails (journal down, a crash during recovery)
/// is restarted after min..max (doubling, jittered) instead of at once in a tight loop that hammers the database.
/// </summary>
public static class BackoffProps
{
    public static Props WithBackoff(Props child, string childName, TimeSpan min, TimeSpan max, double randomFactor) =>
        // Akka.NET 1.5.73 has Backoff.OnFailure (BackoffOptions); the JVM's BackoffOpts is not in this version.
        BackoffSupervisor.Props(
            Backoff.OnFailure(child, childName, min, max, randomFactor, maxNrOfRetries: -1)
                // A child that ran fine for a while starts again from min, not from the last long delay.
                .WithAutoReset(max));
}
