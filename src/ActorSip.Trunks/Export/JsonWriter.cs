using System.Text;
using System.Text.Json;

namespace ActorSip.Trunks.Export;

/// <summary>Prints the configuration as JSON, with the same keys as the HOCON layout.</summary>
public static class JsonWriter
{
    public static string Write(TrunkConfig config, SecretPrinting secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("registrars");
            foreach (var r in config.Registrars.Values)
            {
                w.WriteStartObject();
                w.WriteNumber("index", r.Index.Value);
                w.WriteString("target", r.Target.ToString());
                Expires(w, r.Expires);
                w.WriteString("transport", HoconWriter.Transport(r.Transport));
                Options(w, r.Options);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("legacy-registrar");
            Legacy(w, "primary", config.PrimaryRegistrar);
            Legacy(w, "secondary", config.SecondaryRegistrar);
            w.WriteEndObject();
            w.WriteStartArray("credentials");
            foreach (var c in config.Credentials)
            {
                w.WriteStartObject();
                w.WriteString("number", c.Number.Value);
                w.WriteString("username", c.Username);
                Password(w, c.Password, secrets);
                w.WriteString("realm", c.Realm.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Authentications(w, config.Authentications, secrets);
            LocalHost(w, config.LocalHost);
            w.WriteStartArray("dial-peers");
            foreach (var peer in config.DialPeers.Values)
            {
                w.WriteStartObject();
                w.WriteNumber("tag", peer.Tag.Value);
                if (peer.DestinationPattern is { } pattern)
                {
                    w.WriteString("destination-pattern", pattern);
                }
                Authentications(w, peer.Authentications, secrets);
                LocalHost(w, peer.LocalHost);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Legacy(Utf8JsonWriter w, string name, LegacyRegistrar? r)
    {
        if (r is null)
        {
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("target", r.Target.ToString());
        Expires(w, r.Expires);
        w.WriteString("transport", HoconWriter.Transport(r.Transport));
        Options(w, r.Options);
        w.WriteEndObject();
    }

    private static void Options(Utf8JsonWriter w, RegistrarOptions o)
    {
        if (o.AuthRealm is { } realm) w.WriteString("auth-realm", realm.Value);
        if (o.RandomContact) w.WriteBoolean("random-contact", true);
        if (o.RefreshRatio is { } ratio) w.WriteNumber("refresh-ratio", ratio);
        if (o.Scheme == RegistrarScheme.Sips) w.WriteString("scheme", "sips");
    }

    private static void Authentications(Utf8JsonWriter w, IEnumerable<Authentication> list, SecretPrinting secrets)
    {
        w.WriteStartArray("authentication");
        foreach (var a in list)
        {
            w.WriteStartObject();
            w.WriteString("username", a.Username);
            Password(w, a.Password, secrets);
            if (a.Realm is { } realm)
            {
                w.WriteString("realm", realm.Value);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void LocalHost(Utf8JsonWriter w, LocalHost? lh)
    {
        if (lh is null)
        {
            return;
        }
        w.WriteStartObject("localhost");
        w.WriteString("domain", lh.Domain);
        w.WriteBoolean("preferred", lh.Preferred);
        w.WriteEndObject();
    }

    private static void Password(Utf8JsonWriter w, Secret s, SecretPrinting secrets)
    {
        w.WriteString("password", secrets == SecretPrinting.Shown ? s.ConfiguredText : Secret.Mask);
        w.WriteNumber("password-type", (int)s.Type);
    }

    private static void Expires(Utf8JsonWriter w, int? expires)
    {
        if (expires is { } e)
        {
            w.WriteNumber("expires", e);
        }
    }
}
