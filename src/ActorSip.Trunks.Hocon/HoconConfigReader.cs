using System.Globalization;
using ActorSip.Sip;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorSip.Trunks.Hocon;

/// <summary>
/// Reads ActorSip's native HOCON layout (`actorsip.trunks { ... }`, see hocon/trunks.example.conf) into the same
/// trunk commands the IOS reader produces, so every restriction is enforced the same way. Never throws on bad input.
/// </summary>
public static class HoconConfigReader
{
    public const string RootPath = "actorsip.trunks";

    private static readonly string[] RootKeys = ["registrars", "legacy-registrar", "credentials", "authentication", "localhost", "dial-peers"];

    public static ConfigReadResult Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new HoconLineFinder(text);
        var commands = new List<(int, TrunkCommand)>();
        var errors = new List<ConfigError>();
        Config parsed;
        try
        {
            parsed = ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidOperationException or ArgumentException)
        {
            return ConfigReadResult.FromCommands(file, [], [new ConfigError(file, 1, "% HOCON syntax error: " + FirstLine(e.Message))]);
        }
        var root = parsed.GetValue(RootPath);
        if (root is null || !root.IsObject())
        {
            return ConfigReadResult.FromCommands(file, [], [new ConfigError(file, 1, $"% no '{RootPath}' object")]);
        }
        var ctx = new Context(file, lines, commands, errors);
        var items = root.GetObject().Items;
        foreach (var key in items.Keys.Where(k => !RootKeys.Contains(k)))
        {
            ctx.Error(["trunks", key], $"% unknown key '{key}' in {RootPath}");
        }
        if (items.TryGetValue("registrars", out var registrars))
        {
            Each(ctx, registrars, "registrars", (o, at) => ReadRegistrar(ctx, o, at));
        }
        if (items.TryGetValue("legacy-registrar", out var legacy))
        {
            ReadLegacy(ctx, legacy);
        }
        if (items.TryGetValue("credentials", out var credentials))
        {
            Each(ctx, credentials, "credentials", (o, at) => ReadCredential(ctx, o, at));
        }
        if (items.TryGetValue("authentication", out var authentication))
        {
            Each(ctx, authentication, "authentication", (o, at) => ReadAuthentication(ctx, o, at, null));
        }
        if (items.TryGetValue("localhost", out var localhost))
        {
            ReadLocalHost(ctx, localhost, ["trunks", "localhost"], null);
        }
        if (items.TryGetValue("dial-peers", out var peers))
        {
            Each(ctx, peers, "dial-peers", (o, at) => ReadDialPeer(ctx, o, at));
        }
        return ConfigReadResult.FromCommands(file, commands, errors);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private sealed record Context(string File, HoconLineFinder Lines, List<(int, TrunkCommand)> Commands, List<ConfigError> Errors)
    {
        public void Add(object[] path, TrunkCommand command) => Commands.Add((Lines.Line(path), command));

        public void Error(object[] path, string message) => Errors.Add(new ConfigError(File, Lines.Line(path), message));
    }

    private static void Each(Context ctx, HoconValue value, string key, Action<Dictionary<string, HoconValue>, object[]> read)
    {
        if (!value.IsArray())
        {
            ctx.Error(["trunks", key], $"% '{key}' must be a list");
            return;
        }
        var i = 0;
        foreach (var element in value.GetArray())
        {
            object[] at = ["trunks", key, i];
            if (element.IsObject())
            {
                read(element.GetObject().Items, at);
            }
            else
            {
                ctx.Error(at, $"% each entry of '{key}' must be an object");
            }
            i++;
        }
    }

    private static object[] At(object[] at, string key) => [.. at, key];

    private static bool Known(Context ctx, Dictionary<string, HoconValue> o, object[] at, params string[] keys)
    {
        var ok = true;
        foreach (var key in o.Keys.Where(k => !keys.Contains(k)))
        {
            ctx.Error(At(at, key), $"% unknown key '{key}'");
            ok = false;
        }
        return ok;
    }

    private static string? Text(Context ctx, Dictionary<string, HoconValue> o, object[] at, string key, bool required)
    {
        if (!o.TryGetValue(key, out var value) || value.IsEmpty)
        {
            if (required)
            {
                ctx.Error(at, $"% missing '{key}'");
            }
            return null;
        }
        if (!value.IsString())
        {
            ctx.Error(At(at, key), $"% '{key}' must be a single value");
            return null;
        }
        return value.GetString();
    }

    private static int? Number(Context ctx, Dictionary<string, HoconValue> o, object[] at, string key, bool required)
    {
        var text = Text(ctx, o, at, key, required);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            ctx.Error(At(at, key), $"% '{key}' must be a whole number");
            return null;
        }
        return n;
    }

    private static bool? Flag(Context ctx, Dictionary<string, HoconValue> o, object[] at, string key)
    {
        var text = Text(ctx, o, at, key, false);
        switch (text?.ToLowerInvariant())
        {
            case null: return null;
            case "on" or "true" or "yes": return true;
            case "off" or "false" or "no": return false;
            default:
                ctx.Error(At(at, key), $"% '{key}' must be on or off");
                return null;
        }
    }

    private static SipTransportKind? Transport(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        var text = Text(ctx, o, at, "transport", false);
        switch (text?.ToLowerInvariant())
        {
            case null or "udp": return SipTransportKind.Udp;
            case "tcp": return SipTransportKind.Tcp;
            case "tls": return SipTransportKind.Tls;
            default:
                ctx.Error(At(at, "transport"), "% transport must be udp, tcp or tls");
                return null;
        }
    }

    private static RegistrarTarget? Target(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        if (Text(ctx, o, at, "target", true) is not { } text)
        {
            return null;
        }
        if (!RegistrarTarget.TryParse(text, out var target, out var error))
        {
            ctx.Error(At(at, "target"), error);
        }
        return target;
    }

    private static void ReadRegistrar(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        Known(ctx, o, at, ["index", "target", "expires", "transport", .. OptionKeys]);
        var index = Number(ctx, o, at, "index", true);
        var target = Target(ctx, o, at);
        var expires = Number(ctx, o, at, "expires", false);
        var options = Options(ctx, o, at);
        if (index is not { } n || target is null || options is null || TransportFor(ctx, o, at, options) is not { } t)
        {
            return;
        }
        if (!RegistrarIndex.TryCreate(n, out var idx))
        {
            ctx.Error(At(at, "index"), "% registrar index must be 1-6");
            return;
        }
        ctx.Add(at, new SetRegistrar(new Registrar(idx, target, expires, t) { Options = options }));
    }

    private static readonly string[] OptionKeys = ["auth-realm", "random-contact", "refresh-ratio", "scheme"];

    /// <summary>The IOS registrar options (`auth-realm`, `random-contact`, `refresh-ratio`, `scheme`); null after an error.</summary>
    private static RegistrarOptions? Options(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        var errors = ctx.Errors.Count;
        var realm = Text(ctx, o, at, "auth-realm", false);
        var random = Flag(ctx, o, at, "random-contact");
        var ratio = Number(ctx, o, at, "refresh-ratio", false);
        if (TrunkRules.RefreshRatioError(ratio) is { } bad)
        {
            ctx.Error(At(at, "refresh-ratio"), bad);
        }
        var scheme = Text(ctx, o, at, "scheme", false)?.ToLowerInvariant() switch
        {
            null or "sip" => RegistrarScheme.Sip,
            "sips" => RegistrarScheme.Sips,
            _ => (RegistrarScheme?)null,
        };
        if (scheme is null)
        {
            ctx.Error(At(at, "scheme"), "% scheme must be sip or sips");
        }
        if (ctx.Errors.Count > errors)
        {
            return null;
        }
        return new RegistrarOptions
        {
            AuthRealm = string.IsNullOrWhiteSpace(realm) ? null : new Realm(realm), RandomContact = random == true, RefreshRatio = ratio,
            Scheme = scheme!.Value,
        };
    }

    /// <summary>sips implies tls when no transport is given; udp or tcp beside it is an error (as in IOS).</summary>
    private static SipTransportKind? TransportFor(Context ctx, Dictionary<string, HoconValue> o, object[] at, RegistrarOptions options)
    {
        if (!o.ContainsKey("transport")) return options.Scheme == RegistrarScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp;
        if (Transport(ctx, o, at) is not { } t) return null;
        if (TrunkRules.SchemeError(options.Scheme, t) is { } e)
        {
            ctx.Error(At(at, "transport"), e);
            return null;
        }
        return t;
    }

    private static void ReadLegacy(Context ctx, HoconValue value)
    {
        object[] at = ["trunks", "legacy-registrar"];
        if (!value.IsObject())
        {
            ctx.Error(at, "% 'legacy-registrar' must be an object");
            return;
        }
        var items = value.GetObject().Items;
        Known(ctx, items, at, "primary", "secondary");
        foreach (var (name, secondary) in new[] { ("primary", false), ("secondary", true) })
        {
            if (!items.TryGetValue(name, out var r))
            {
                continue;
            }
            var here = At(at, name);
            if (!r.IsObject())
            {
                ctx.Error(here, $"% '{name}' must be an object");
                continue;
            }
            var o = r.GetObject().Items;
            if (o.ContainsKey("dhcp"))
            {
                ctx.Error(At(here, "dhcp"), TrunkRules.DhcpUnsupported("dhcp = on", TrunkRules.RegistrarInstead));
                continue;
            }
            Known(ctx, o, here, ["target", "expires", "transport", .. OptionKeys]);
            var target = Target(ctx, o, here);
            var expires = Number(ctx, o, here, "expires", false);
            if (target is null || Options(ctx, o, here) is not { } options || TransportFor(ctx, o, here, options) is not { } t)
            {
                continue;
            }
            ctx.Add(here, new SetLegacyRegistrar(new LegacyRegistrar(target, expires, t) { Options = options }, secondary));
        }
    }

    private static Secret? Password(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        var text = Text(ctx, o, at, "password", true);
        var type = Number(ctx, o, at, "password-type", false) ?? 0;
        if (text is null)
        {
            return null;
        }
        if (type == 0)
        {
            return text.Length == 0 ? null : Secret.Clear(text);
        }
        if (type != 7)
        {
            ctx.Error(At(at, "password-type"), "% password-type must be 0 or 7");
            return null;
        }
        if (!Secret.TryType7(text, out var secret, out var error))
        {
            ctx.Error(At(at, "password"), $"% invalid type 7 password ({error.CodeName}: {error.Message})");
        }
        return secret;
    }

    private static void ReadCredential(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        if (o.ContainsKey("dhcp"))
        {
            ctx.Error(At(at, "dhcp"), TrunkRules.DhcpUnsupported("dhcp = on", TrunkRules.CredentialsInstead));
            return;
        }
        Known(ctx, o, at, "number", "username", "password", "password-type", "realm");
        EndpointNumber? number = null;
        var username = Text(ctx, o, at, "username", true);
        var numberText = Text(ctx, o, at, "number", false) ?? username;
        if (numberText is not null)
        {
            if (!EndpointNumber.TryParse(numberText, out var n))
            {
                ctx.Error(At(at, o.ContainsKey("number") ? "number" : "username"), "% credentials number must be digits with an optional leading +");
                return;
            }
            number = n;
        }
        var password = Password(ctx, o, at);
        var realm = Text(ctx, o, at, "realm", true);
        if (number is null || username is null || password is null || string.IsNullOrWhiteSpace(realm))
        {
            return;
        }
        ctx.Add(at, new SetCredential(new Credential(number.Value, username, password, new Realm(realm))));
    }

    private static void ReadAuthentication(Context ctx, Dictionary<string, HoconValue> o, object[] at, DialPeerTag? tag)
    {
        Known(ctx, o, at, "username", "password", "password-type", "realm");
        var username = Text(ctx, o, at, "username", true);
        var password = Password(ctx, o, at);
        var realm = Text(ctx, o, at, "realm", false);
        if (username is null || password is null)
        {
            return;
        }
        ctx.Add(at, new SetAuthentication(tag, new Authentication(username, password, string.IsNullOrWhiteSpace(realm) ? null : new Realm(realm))));
    }

    private static void ReadLocalHost(Context ctx, HoconValue value, object[] at, DialPeerTag? tag)
    {
        if (!value.IsObject())
        {
            ctx.Error(at, "% 'localhost' must be an object");
            return;
        }
        var o = value.GetObject().Items;
        Known(ctx, o, at, "domain", "preferred");
        var domain = Text(ctx, o, at, "domain", true);
        var preferred = Flag(ctx, o, at, "preferred") ?? false;
        if (domain is not null)
        {
            ctx.Add(at, new SetLocalHost(tag, new LocalHost(domain, preferred)));
        }
    }

    private static void ReadDialPeer(Context ctx, Dictionary<string, HoconValue> o, object[] at)
    {
        Known(ctx, o, at, "tag", "destination-pattern", "authentication", "localhost");
        if (Number(ctx, o, at, "tag", true) is not { } n)
        {
            return;
        }
        if (!DialPeerTag.TryCreate(n, out var tag))
        {
            ctx.Error(At(at, "tag"), "% dial-peer tag must be 1-2147483647");
            return;
        }
        ctx.Add(at, new AddDialPeer(tag));
        if (Text(ctx, o, at, "destination-pattern", false) is { } pattern)
        {
            ctx.Add(At(at, "destination-pattern"), new SetDestinationPattern(tag, pattern));
        }
        if (o.TryGetValue("authentication", out var list))
        {
            if (!list.IsArray())
            {
                ctx.Error(At(at, "authentication"), "% 'authentication' must be a list");
            }
            else
            {
                var i = 0;
                foreach (var element in list.GetArray())
                {
                    object[] here = [.. at, "authentication", i++];
                    if (element.IsObject())
                    {
                        ReadAuthentication(ctx, element.GetObject().Items, here, tag);
                    }
                    else
                    {
                        ctx.Error(here, "% each authentication must be an object");
                    }
                }
            }
        }
        if (o.TryGetValue("localhost", out var lh))
        {
            ReadLocalHost(ctx, lh, At(at, "localhost"), tag);
        }
    }
}
