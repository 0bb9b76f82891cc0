using System.Globalization;
using System.Text;
using ActorSip.Sip;

namespace ActorSip.Trunks.Export;

/// <summary>Prints the configuration in ActorSip's native HOCON layout (hocon/trunks.example.conf documents each key).</summary>
public static class HoconWriter
{
    public static string Write(TrunkConfig config, SecretPrinting secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        var t = new StringBuilder();
        t.Append("actorsip.trunks {\n");
        if (!config.Registrars.IsEmpty)
        {
            t.Append("  registrars = [\n");
            foreach (var r in config.Registrars.Values)
            {
                t.Append("    { index = ").Append(r.Index).Append(", target = ").Append(Quote(r.Target.ToString()))
                    .Append(Expires(r.Expires)).Append(", transport = ").Append(Transport(r.Transport)).Append(Options(r.Options)).Append(" }\n");
            }
            t.Append("  ]\n");
        }
        if (config.IsLegacyMode)
        {
            t.Append("  legacy-registrar {\n");
            Legacy(t, "primary", config.PrimaryRegistrar);
            Legacy(t, "secondary", config.SecondaryRegistrar);
            t.Append("  }\n");
        }
        if (!config.Credentials.IsEmpty)
        {
            t.Append("  credentials = [\n");
            foreach (var c in config.Credentials)
            {
                var who = $"number = {Quote(c.Number.Value)}, username = {Quote(c.Username)}";
                t.Append("    { ").Append(who).Append(", ").Append(Password(c.Password, secrets))
                    .Append(", realm = ").Append(Quote(c.Realm.Value)).Append(" }\n");
            }
            t.Append("  ]\n");
        }
        Authentications(t, "  ", config.Authentications, secrets);
        if (config.LocalHost is { } lh)
        {
            t.Append("  localhost ").Append(LocalHost(lh)).Append('\n');
        }
        if (!config.DialPeers.IsEmpty)
        {
            t.Append("  dial-peers = [\n");
            foreach (var peer in config.DialPeers.Values)
            {
                t.Append("    {\n      tag = ").Append(peer.Tag).Append('\n');
                if (peer.DestinationPattern is { } pattern)
                {
                    t.Append("      destination-pattern = ").Append(Quote(pattern)).Append('\n');
                }
                Authentications(t, "      ", peer.Authentications, secrets);
                if (peer.LocalHost is { } plh)
                {
                    t.Append("      localhost ").Append(LocalHost(plh)).Append('\n');
                }
                t.Append("    }\n");
            }
            t.Append("  ]\n");
        }
        t.Append("}\n");
        return t.ToString();
    }

    private static void Legacy(StringBuilder t, string name, LegacyRegistrar? r)
    {
        if (r is null)
        {
            return;
        }
        t.Append("    ").Append(name).Append(" { target = ").Append(Quote(r.Target.ToString())).Append(Expires(r.Expires))
            .Append(", transport = ").Append(Transport(r.Transport)).Append(Options(r.Options)).Append(" }\n");
    }

    /// <summary>Only the options that differ from IOS's defaults, so a plain registrar prints as before.</summary>
    private static string Options(RegistrarOptions o)
    {
        var s = new StringBuilder();
        if (o.AuthRealm is { } realm) s.Append(", auth-realm = ").Append(Quote(realm.Value));
        if (o.RandomContact) s.Append(", random-contact = on");
        if (o.RefreshRatio is { } ratio) s.Append(", refresh-ratio = ").Append(ratio.ToString(CultureInfo.InvariantCulture));
        if (o.Scheme == RegistrarScheme.Sips) s.Append(", scheme = sips");
        return s.ToString();
    }

    private static void Authentications(StringBuilder t, string indent, IReadOnlyCollection<Authentication> list, SecretPrinting secrets)
    {
        if (list.Count == 0)
        {
            return;
        }
        t.Append(indent).Append("authentication = [\n");
        foreach (var a in list)
        {
            t.Append(indent).Append("  { username = ").Append(Quote(a.Username)).Append(", ").Append(Password(a.Password, secrets));
            if (a.Realm is { } realm)
            {
                t.Append(", realm = ").Append(Quote(realm.Value));
            }
            t.Append(" }\n");
        }
        t.Append(indent).Append("]\n");
    }

    private static string Password(Secret s, SecretPrinting secrets) =>
        $"password = {Quote(secrets == SecretPrinting.Shown ? s.ConfiguredText : Secret.Mask)}, password-type = {(int)s.Type}";

    private static string Expires(int? expires) =>
        expires is { } e ? ", expires = " + e.ToString(CultureInfo.InvariantCulture) : string.Empty;

    private static string LocalHost(LocalHost lh) => $"{{ domain = {Quote(lh.Domain)}, preferred = {(lh.Preferred ? "on" : "off")} }}";

    internal static string Transport(SipTransportKind kind) => kind switch
    {
        SipTransportKind.Tcp => "tcp",
        SipTransportKind.Tls => "tls",
        _ => "udp",
    };

    /// <summary>A HOCON quoted string (JSON escaping).</summary>
    internal static string Quote(string value)
    {
        var s = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\t': s.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        s.Append(c);
                    }
                    break;
            }
        }
        return s.Append('"').ToString();
    }
}
