using Akka.Configuration;

namespace ActorSip.Cluster.Serialization;

/// <summary>Binds every ActorSip message and the persisted <c>BindingEvent</c>s (which live in ActorSip.Trunks and
/// cannot implement <see cref="IActorSipMessage"/>) to <see cref="ActorSipSerializer"/>.</summary>
public static class SerializationConfig
{
    public static Config Hocon { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            actorsip = "ActorSip.Cluster.Serialization.ActorSipSerializer, ActorSip.Cluster"
          }
          serialization-bindings {
            "ActorSip.Cluster.IActorSipMessage, ActorSip.Cluster" = actorsip
            "ActorSip.Trunks.Registration.BindingEvent, ActorSip.Trunks" = actorsip
          }
          serialization-identifiers {
            "ActorSip.Cluster.Serialization.ActorSipSerializer, ActorSip.Cluster" = {{ActorSipSerializer.Id}}
          }
        }
        """);
}
