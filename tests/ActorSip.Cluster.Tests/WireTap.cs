using System.Collections.Concurrent;
using Akka.Actor;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;

namespace ActorSip.Cluster.Tests;

/// <summary>
/// The credential shard region's job for one process, with every message and every answer sent through the
/// configured Akka serializer as remoting would send it: the bytes are recorded in <see cref="Captured"/> and only
/// the deserialized copy goes on, so what the entities and the asker get is what came over the "wire".
/// </summary>
internal sealed class WireTap : ReceiveActor
{
    public sealed record Payload(string Manifest, byte[] Bytes);

    public WireTap(SecretProtector protector, ConcurrentQueue<Payload> captured)
    {
        ReceiveAnyAsync(async message =>
        {
            var sender = Sender;
            var copy = Wire(message, captured);
            var id = ((ICredentialMessage)copy).SliceId;
            var name = CredentialActor.EntityName(id);
            var child = Context.Child(name);
            if (child.IsNobody()) child = Context.ActorOf(CredentialActor.Props(id, protector), name);
            object reply;
            try
            {
                reply = await child.Ask<object>(copy, TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is not AskTimeoutException)
            {
                reply = new Status.Failure(e);
            }
            sender.Tell(reply is IActorSipMessage ? Wire(reply, captured) : reply);
        });
    }

    public static Props Props(SecretProtector protector, ConcurrentQueue<Payload> captured) =>
        Akka.Actor.Props.Create(() => new WireTap(protector, captured));

    private static object Wire(object message, ConcurrentQueue<Payload> captured)
    {
        var system = Context.System;
        var serializer = system.Serialization.FindSerializerFor(message);
        if (serializer is not ActorSipSerializer) throw new InvalidOperationException($"{message.GetType().Name} would not go through ActorSipSerializer");
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        captured.Enqueue(new Payload(manifest, bytes));
        return system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }
}
