using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorSip.Cluster.Mailboxes;

/// <summary>
/// The mailbox of the entities a node holds by the thousand (bindings, their backoff supervisors, credential slices): a
/// <see cref="CompactDequeMessageQueue"/> each. Deque-based, so persistent actors (which stash) may use it.
/// Chosen with <c>Props.WithMailbox(ConfigPath)</c>; the node adds <see cref="Hocon"/> to its settings.
/// </summary>
public sealed class EntityMailbox : MailboxType, IProducesMessageQueue<CompactDequeMessageQueue>
{
    public const string ConfigPath = "actorsip.entity-mailbox";

    /// <summary>Kept in code beside the type it names, like the serializer bindings, so the two cannot drift apart.</summary>
    public static readonly Config Hocon = ConfigurationFactory.ParseString(
        $"{ConfigPath}.mailbox-type = \"{typeof(EntityMailbox).FullName}, {typeof(EntityMailbox).Assembly.GetName().Name}\"");

    public EntityMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactDequeMessageQueue();
}
