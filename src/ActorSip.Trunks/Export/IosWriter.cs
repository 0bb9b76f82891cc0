using System.Globalization;
using System.Text;
using ActorSip.Sip;

namespace ActorSip.Trunks.Export;

/// <summary>Prints the configuration as `show running-config` does: dial-peers, then sip-ua, each section ending with '!'.</summary>
public static class IosWriter
{
    public static string Write(TrunkConfig config, SecretPrinting secrets)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        foreach (var peer in config.DialPeers.Values)
        {
            text.Append("dial-peer voice ").Append(peer.Tag).Append(" pots\n");
            if (peer.DestinationPattern is { } pattern)
            {
                text.Append(" destination-pattern ").Append(pattern).Append('\n');
            }
            foreach (var a in peer.Authentications)
            {
                text.Append(' ').Append(Authentication(a, secrets)).Append('\n');
            }
            if (peer.LocalHost is { } lh)
            {
                text.Append(" voice-class sip ").Append(LocalHost(lh)).Append('\n');
            }
            text.Append("!\n");
        }
        if (HasSipUa(config))
        {
            text.Append("sip-ua\n");
            foreach (var c in config.Credentials)
            {
                text.Append(' ').Append(Credential(c, secrets)).Append('\n');
            }
            foreach (var a in config.Authentications)
            {
                text.Append(' ').Append(Authentication(a, secrets)).Append('\n');
            }
            foreach (var r in config.Registrars.Values)
            {
                text.Append(' ').Append(Registrar(r)).Append('\n');
            }
            if (config.PrimaryRegistrar is { } primary)
            {
                text.Append(' ').Append(Legacy(primary, secondary: false)).Append('\n');
            }
            if (config.SecondaryRegistrar is { } secondary)
            {
                text.Append(' ').Append(Legacy(secondary, secondary: true)).Append('\n');
            }
            if (config.LocalHost is { } lh)
            {
                text.Append(' ').Append(LocalHost(lh)).Append('\n');
            }
            text.Append("!\n");
        }
        return text.ToString();
    }

    private static bool HasSipUa(TrunkConfig c) =>
        c.RegistrarCount > 0 || !c.Credentials.IsEmpty || !c.Authentications.IsEmpty || c.LocalHost is not null;

    /// <summary>One line of the configuration, as it stands in `show running-config` (without its indent).</summary>
    public static string Credential(Credential c, SecretPrinting secrets) =>
        $"credentials number {c.Number} username {c.Username} {Password(c.Password, secrets)} realm {c.Realm}";

    public static string Registrar(Registrar r) => $"registrar {r.Index} {r.Target}{Options(r.Expires, r.Transport, r.Options)}";

    public static string Legacy(LegacyRegistrar r, bool secondary) =>
        $"registrar {r.Target}{Options(r.Expires, r.Transport, r.Options)}{(secondary ? " secondary" : "")}";

    /// <summary>In IOS's order: auth-realm, expires, random-contact, refresh-ratio, scheme, transport; sips implies tls.</summary>
    private static string Options(int? expires, SipTransportKind transport, RegistrarOptions options)
    {
        var s = new StringBuilder();
        if (options.AuthRealm is { } realm) s.Append(" auth-realm ").Append(realm.Value);
        if (expires is { } e) s.Append(" expires ").Append(e.ToString(CultureInfo.InvariantCulture));
        if (options.RandomContact) s.Append(" random-contact");
        if (options.RefreshRatio is { } ratio) s.Append(" refresh-ratio ").Append(ratio.ToString(CultureInfo.InvariantCulture));
        if (options.Scheme == RegistrarScheme.Sips) return s.Append(" scheme sips").ToString();
        return s.Append(transport switch
        {
            SipTransportKind.Tcp => " tcp",
            SipTransportKind.Tls => " tls",
            _ => "",
        }).ToString();
    }

    public static string Authentication(Authentication a, SecretPrinting secrets) =>
        $"authentication username {a.Username} {Password(a.Password, secrets)}" + (a.Realm is { } r ? $" realm {r}" : string.Empty);

    internal static string Password(Secret secret, SecretPrinting secrets)
    {
        var shown = secrets == SecretPrinting.Shown ? secret.ConfiguredText : Secret.Mask;
        return secret.Type == PasswordType.Type7 ? $"password 7 {shown}" : $"password 0 {shown}";
    }

    public static string LocalHost(LocalHost lh) => $"localhost dns:{lh.Domain}" + (lh.Preferred ? " preferred" : string.Empty);
}
