using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorSip.Cluster.Serialization;

/// <summary>
/// JSON (System.Text.Json) with a short, stable manifest per type from <see cref="SerializerRegistry"/>: the
/// journal stores "binding-created.v1", not a CLR type name, so types can be renamed or moved without breaking
/// recovery, and an unregistered type fails loudly on write instead of silently going through Newtonsoft.
/// </summary>
public sealed class ActorSipSerializer : SerializerWithStringManifest
{
    public const int Id = 7161;

    internal static JsonSerializerOptions Options { get; } = CreateOptions();

    public ActorSipSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        SerializerRegistry.ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} is not in SerializerRegistry");

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj); // same check as on read: only registered types are written
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!SerializerRegistry.TypeByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown ActorSip manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, type, Options)
            ?? throw new SerializationException($"'{manifest}' deserialized to null");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Enums by name: reordering an enum must not change the meaning of old events.
            Converters = { new JsonStringEnumConverter() },
            // Computed properties (BindingState.IsCreated, ExpiresAt, BindingSpec.BindingId) are not data.
            IgnoreReadOnlyProperties = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
