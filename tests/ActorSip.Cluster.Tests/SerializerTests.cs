using System.Runtime.Serialization;
using System.Text;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;

namespace ActorSip.Cluster.Tests;

public sealed class SerializerTests() : Akka.TestKit.Xunit2.TestKit(SerializationConfig.Hocon)
{
    public static TheoryData<string, object> Messages()
    {
        var data = new TheoryData<string, object>();
        var i = 0;
        foreach (var message in Samples.All()) data.Add($"{i++}:{message.GetType().Name}", message);
        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_registered_type_goes_through_our_serializer_and_round_trips(string name, object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ActorSipSerializer>(serializer);
        Assert.Equal(ActorSipSerializer.Id, serializer.Identifier);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(message.GetType(), back.GetType());
        Assert.True(message.Equals(back), $"{name} did not round-trip: {Encoding.UTF8.GetString(bytes)}");
    }

    [Fact]
    public void Samples_cover_every_registry_entry()
    {
        var covered = Samples.All().Select(m => m.GetType()).ToHashSet();
        var missing = SerializerRegistry.Entries.Where(e => !covered.Contains(e.Type)).Select(e => e.Manifest).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Manifests_are_unique_short_and_versioned()
    {
        var manifests = SerializerRegistry.Entries.Select(e => e.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(SerializerRegistry.Entries.Count, SerializerRegistry.Entries.Select(e => e.Type).Distinct().Count());
        Assert.All(manifests, m => Assert.Matches(@"^[a-z0-9-]+\.v[0-9]+$", m));
    }

    [Fact]
    public void Payload_is_json_with_enum_names()
    {
        var message = Samples.All().OfType<ActorSip.Cluster.Bindings.BindingQueries.Status>().First();
        var json = Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(message).ToBinary(message));
        Assert.Contains("\"phase\":\"Backoff\"", json, StringComparison.Ordinal);
        Assert.Contains("\"expiresAt\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binding_spec_journaled_before_the_registrar_options_reads_back_with_their_defaults()
    {
        // binding-configured.v1 as the journal held it before refresh-ratio, auth-realm, random-contact and scheme.
        const string Old = """{"spec":{"endpoint":"1111","registrar":{"id":"1","target":{"kind":"Dns","host":"reg.example.com","port":5061},"expires":3600,"transport":"Tls"}}}""";
        var serializer = (ActorSipSerializer)Sys.Serialization.FindSerializerForType(typeof(ActorSip.Cluster.Bindings.BindingEvents.Configured));
        var back = (ActorSip.Cluster.Bindings.BindingEvents.Configured)serializer.FromBinary(Encoding.UTF8.GetBytes(Old), "binding-configured.v1");
        Assert.Equal(new ActorSip.Cluster.Bindings.BindingEvents.Configured(Samples.Spec), back);
        Assert.Equal((null, null, false, ActorSip.Trunks.RegistrarScheme.Sip),
            (back.Spec.Registrar.RefreshRatio, back.Spec.Registrar.AuthRealm, back.Spec.Registrar.RandomContact, back.Spec.Registrar.Scheme));

        var json = Encoding.UTF8.GetString(serializer.ToBinary(new ActorSip.Cluster.Bindings.BindingEvents.Configured(Samples.Spec with { Registrar = Samples.WithOptions })));
        Assert.Contains("\"refreshRatio\":50,\"authRealm\":\"realm.example.com\",\"randomContact\":true,\"scheme\":\"Sips\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_manifest_and_unregistered_type_fail_loudly()
    {
        var serializer = (ActorSipSerializer)Sys.Serialization.FindSerializerForType(typeof(EncryptedSecret));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "no-such.v1"));
        Assert.Throws<SerializationException>(() => serializer.ToBinary(new Unregistered()));
    }

    [Fact]
    public void Encrypted_secret_prints_nothing()
    {
        var text = Samples.Encrypted.ToString();
        Assert.DoesNotContain(Samples.Encrypted.Ciphertext, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.Encrypted.KeyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.Encrypted.Nonce, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_event_written_before_operators_were_recorded_still_reads_with_no_operator()
    {
        // trunk-config-replaced.v1 as journals hold it from before the Operator field.
        var old = """{"at":"2026-11-23T21:30:15.123+01:00","node":"akka.tcp://actorsip@127.0.0.1:4053","source":"trunks.cfg","config":{"keyId":"k0123456789abcdef","nonce":"bm9uY2U=","ciphertext":"Y2lwaGVy","tag":"dGFn"},"masked":"sip-ua\n registrar 1 dns:a.example expires 180\n"}"""u8.ToArray();
        var serializer = Sys.Serialization.FindSerializerForType(typeof(ActorSip.Cluster.Configuration.TrunkConfigEvents.Replaced));
        var back = Assert.IsType<ActorSip.Cluster.Configuration.TrunkConfigEvents.Replaced>(
            Sys.Serialization.Deserialize(old, serializer.Identifier, "trunk-config-replaced.v1"));
        Assert.Null(back.Operator);
        Assert.Equal("trunks.cfg", back.Source);
    }

    private sealed record Unregistered : IActorSipMessage;
}
