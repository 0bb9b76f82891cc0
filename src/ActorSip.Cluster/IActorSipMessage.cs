namespace ActorSip.Cluster;

/// <summary>Marker for every message and event that crosses a node or enters the journal: HOCON binds it to
/// ActorSip's own serializer, so the default (Newtonsoft) serializer never sees them.</summary>
public interface IActorSipMessage;
