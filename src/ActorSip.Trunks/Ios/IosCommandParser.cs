using System.Globalization;
using ActorSip.Sip;

namespace ActorSip.Trunks.Ios;

/// <summary>Turns the words of one IOS command, in a given mode, into trunk commands. Never throws on bad input.</summary>
internal static class IosCommandParser
{
    private static readonly string[] GlobalWords = ["sip-ua", "dial-peer"];
    private static readonly string[] SipUaWords = ["registrar", "authentication", "credentials", "localhost"];
    private static readonly string[] DialPeerWords = ["destination-pattern", "authentication", "voice-class"];

    /// <summary>What may follow `registrar [N] TARGET`, for IOS abbreviations; `type` is known only to be refused.</summary>
    private static readonly string[] RegistrarOptionWords =
        ["auth-realm", "expires", "random-contact", "refresh-ratio", "scheme", "tcp", "tls", "udp", "transport", "type", "secondary"];

    /// <summary>Words that start a command this parser knows; used to tell a wrapped line from a new command.</summary>
    public static bool StartsKnownCommand(string text)
    {
        var words = IosTokenizer.Tokenize(text);
        if (words.Count == 0)
        {
            return false;
        }
        var first = words[0];
        return first.StartsWith('!')
            || new[] { "no", "exit", "end" }.Concat(GlobalWords).Concat(SipUaWords).Concat(DialPeerWords)
                .Any(w => string.Equals(w, first, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Global commands are recognised in every mode: entering one leaves the current section, as in IOS.</summary>
    public static LineOutcome? TryGlobal(IosWords words, TrunkConfig current)
    {
        var negate = words.Peek is { } first && string.Equals(first, "no", StringComparison.OrdinalIgnoreCase);
        var start = negate ? 1 : 0;
        if (words.Remaining <= start)
        {
            return null;
        }
        if (negate)
        {
            words.Take();
        }
        var word = words.Peek!;
        // Spelled out: "sip" alone is also `voice service voip` / `sip` and more in IOS.
        if (string.Equals(word, "sip-ua", StringComparison.OrdinalIgnoreCase))
        {
            words.Take();
            return negate
                ? LineOutcome.Fail("% 'no sip-ua' would remove every registrar and credential at once; remove them one at a time")
                : LineOutcome.Enter(IosMode.SipUa);
        }
        if (string.Equals(word, "dial-peer", StringComparison.OrdinalIgnoreCase))
        {
            words.Take();
            return DialPeer(words, negate, current);
        }
        return null;
    }

    private static LineOutcome DialPeer(IosWords words, bool negate, TrunkConfig current)
    {
        if (!words.TakeKeyword("voice"))
        {
            // dial-peer cor, dial-peer hunt, ...: not part of the trunk model.
            return LineOutcome.Enter(IosMode.Unrelated);
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        var tagWord = words.Take();
        if (!long.TryParse(tagWord, NumberStyles.None, CultureInfo.InvariantCulture, out var tagValue) || !DialPeerTag.TryCreate(tagValue, out var tag))
        {
            return LineOutcome.Fail("% dial-peer tag must be 1-2147483647");
        }
        var kind = words.AtEnd ? null : words.Take();
        if (negate)
        {
            if (kind is not null && !IosWords.IsKeyword(kind, "pots"))
            {
                return LineOutcome.Ignored;
            }
            return current.DialPeers.ContainsKey(tag) || kind is not null ? LineOutcome.Of(new RemoveDialPeer(tag)) : LineOutcome.Ignored;
        }
        if (kind is null)
        {
            // IOS enters an existing dial-peer without its type; a new one needs the type.
            return current.DialPeers.ContainsKey(tag) ? LineOutcome.Enter(IosMode.DialPeer, tag) : LineOutcome.MissingWords;
        }
        if (!IosWords.IsKeyword(kind, "pots"))
        {
            // voip, vofr, mmoip dial-peers do not register endpoints.
            return LineOutcome.Enter(IosMode.Unrelated);
        }
        return words.AtEnd ? LineOutcome.Enter(IosMode.DialPeer, tag, new AddDialPeer(tag)) : LineOutcome.Invalid(words.Peek!);
    }

    public static LineOutcome SipUa(IosWords words)
    {
        var negate = words.TakeKeyword("no");
        if (words.AtEnd)
        {
            return negate ? LineOutcome.MissingWords : LineOutcome.Ignored;
        }
        var word = words.Peek!;
        if (IosWords.IsKeyword(word, "registrar", SipUaWords.Where(w => w != "registrar").ToArray()) && word.Length >= 3)
        {
            words.Take();
            return negate ? NoRegistrar(words) : Registrar(words);
        }
        if (IsAuthentication(word))
        {
            words.Take();
            return negate ? NoAuthentication(words, null) : Authentication(words, null);
        }
        if (IosWords.IsKeyword(word, "credentials", SipUaWords) && word.Length >= 3)
        {
            words.Take();
            return negate ? NoCredentials(words) : Credentials(words);
        }
        if (IosWords.IsKeyword(word, "localhost", SipUaWords) && word.Length >= 3)
        {
            words.Take();
            return negate ? LineOutcome.Of(new RemoveLocalHost(null)) : LocalHost(words, null);
        }
        // Other sip-ua commands (retry, timers, transport, ...) are outside the trunk model.
        return LineOutcome.Ignored;
    }

    public static LineOutcome DialPeerCommand(IosWords words, DialPeerTag tag)
    {
        var negate = words.TakeKeyword("no");
        if (words.AtEnd)
        {
            return negate ? LineOutcome.MissingWords : LineOutcome.Ignored;
        }
        var word = words.Peek!;
        if (IosWords.IsKeyword(word, "destination-pattern", DialPeerWords) && word.Length >= 4)
        {
            words.Take();
            if (negate)
            {
                return LineOutcome.Of(new RemoveDestinationPattern(tag));
            }
            if (words.AtEnd)
            {
                return LineOutcome.MissingWords;
            }
            var pattern = words.Take();
            return words.AtEnd ? LineOutcome.Of(new SetDestinationPattern(tag, pattern)) : LineOutcome.Invalid(words.Peek!);
        }
        if (IsAuthentication(word))
        {
            words.Take();
            return negate ? NoAuthentication(words, tag) : Authentication(words, tag);
        }
        if (IosWords.IsKeyword(word, "voice-class", DialPeerWords) && word.Length >= 7)
        {
            words.Take();
            if (!words.TakeKeyword("sip") || !words.TakeKeyword("localhost"))
            {
                return LineOutcome.Ignored; // other voice-class settings are outside the trunk model
            }
            return negate ? LineOutcome.Of(new RemoveLocalHost(tag)) : LocalHost(words, tag);
        }
        return LineOutcome.Ignored;
    }

    private static bool IsAuthentication(string word) =>
        word.Length >= 4 && IosWords.IsKeyword(word, "authentication");

    private static LineOutcome Registrar(IosWords words)
    {
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        RegistrarIndex? index = null;
        var first = words.Take();
        if (first.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || !RegistrarIndex.TryCreate(n, out var i))
            {
                return LineOutcome.Fail("% registrar index must be 1-6");
            }
            index = i;
            if (words.AtEnd)
            {
                return LineOutcome.MissingWords;
            }
            first = words.Take();
        }
        if (IosWords.IsKeyword(first, "dhcp"))
        {
            return LineOutcome.Fail(TrunkRules.DhcpUnsupported(index is null ? "registrar dhcp" : "registrar N dhcp", TrunkRules.RegistrarInstead));
        }
        if (!RegistrarTarget.TryParse(first, out var target, out var error))
        {
            return LineOutcome.Fail(error);
        }
        int? expires = null;
        SipTransportKind? transport = null;
        var options = RegistrarOptions.None;
        var secondary = false;
        while (!words.AtEnd)
        {
            var option = words.Take();
            if (IosWords.IsKeyword(option, "expires", RegistrarOptionWords))
            {
                if (words.AtEnd)
                {
                    return LineOutcome.MissingWords;
                }
                var value = words.Take();
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return LineOutcome.Invalid(value);
                }
                expires = seconds;
            }
            else if (ParseTransport(option) is { } t)
            {
                transport = t;
            }
            else if (IosWords.IsKeyword(option, "transport", RegistrarOptionWords))
            {
                if (words.AtEnd)
                {
                    return LineOutcome.MissingWords;
                }
                var value = words.Take();
                if (ParseTransport(value) is not { } tt)
                {
                    return LineOutcome.Invalid(value);
                }
                transport = tt;
            }
            else if (IosWords.IsKeyword(option, "auth-realm", RegistrarOptionWords))
            {
                if (words.AtEnd)
                {
                    return LineOutcome.MissingWords;
                }
                options = options with { AuthRealm = new Realm(words.Take()) };
            }
            else if (IosWords.IsKeyword(option, "random-contact", RegistrarOptionWords))
            {
                options = options with { RandomContact = true };
            }
            else if (IosWords.IsKeyword(option, "refresh-ratio", RegistrarOptionWords))
            {
                if (words.AtEnd)
                {
                    return LineOutcome.MissingWords;
                }
                var value = words.Take();
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ratio))
                {
                    return LineOutcome.Invalid(value);
                }
                options = options with { RefreshRatio = ratio };
            }
            else if (IosWords.IsKeyword(option, "scheme", RegistrarOptionWords))
            {
                if (words.AtEnd)
                {
                    return LineOutcome.MissingWords;
                }
                var value = words.Take();
                RegistrarScheme? scheme = string.Equals(value, "sip", StringComparison.OrdinalIgnoreCase) ? RegistrarScheme.Sip
                    : string.Equals(value, "sips", StringComparison.OrdinalIgnoreCase) ? RegistrarScheme.Sips
                    : null;
                if (scheme is not { } sc)
                {
                    return LineOutcome.Invalid(value);
                }
                options = options with { Scheme = sc };
            }
            else if (IosWords.IsKeyword(option, "type", RegistrarOptionWords))
            {
                return LineOutcome.Fail(
                    "% 'type' is not supported by ActorSip: it has one kind of registration (every endpoint with every registrar); remove 'type'");
            }
            else if (IosWords.IsKeyword(option, "secondary", RegistrarOptionWords))
            {
                if (index is not null)
                {
                    return LineOutcome.Fail("% 'secondary' belongs to the primary/secondary form; an indexed registrar has no secondary");
                }
                secondary = true;
            }
            else
            {
                return LineOutcome.Fail($"% Invalid input detected at '{option}' (registrar options supported: {string.Join(", ", RegistrarOptionWords.Where(w => w != "type"))})");
            }
        }
        // sips: goes over TLS only (RFC 3261 §26.2.2), so it needs no transport keyword; udp or tcp beside it is an error.
        var effective = transport ?? (options.Scheme == RegistrarScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp);
        if ((TrunkRules.ExpiresError(expires) ?? TrunkRules.OptionsError(options, effective)) is { } e)
        {
            return LineOutcome.Fail(e);
        }
        return index is { } idx
            ? LineOutcome.Of(new SetRegistrar(new Registrar(idx, target!, expires, effective) { Options = options }))
            : LineOutcome.Of(new SetLegacyRegistrar(new LegacyRegistrar(target!, expires, effective) { Options = options }, secondary));
    }

    private static SipTransportKind? ParseTransport(string word) =>
        string.Equals(word, "udp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Udp
        : string.Equals(word, "tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp
        : string.Equals(word, "tls", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tls
        : null;

    private static LineOutcome NoRegistrar(IosWords words)
    {
        if (words.AtEnd)
        {
            return LineOutcome.Of(new RemoveLegacyRegistrar(false));
        }
        var first = words.Take();
        if (first.All(char.IsAsciiDigit))
        {
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && RegistrarIndex.TryCreate(n, out var index)
                ? LineOutcome.Of(new RemoveRegistrar(index))
                : LineOutcome.Fail("% registrar index must be 1-6");
        }
        // `no registrar [dhcp | TARGET] [options] [secondary]`: the trailing words only say which one.
        var secondary = IosWords.IsKeyword(first, "secondary");
        while (!words.AtEnd)
        {
            secondary |= IosWords.IsKeyword(words.Take(), "secondary");
        }
        return LineOutcome.Of(new RemoveLegacyRegistrar(secondary));
    }

    /// <summary>`password [0|7] PASSWORD`; a type 7 string that does not decode is refused without echoing it.</summary>
    private static LineOutcome? Password(IosWords words, out Secret? secret)
    {
        secret = null;
        if (!words.TakeKeyword("password"))
        {
            return words.AtEnd ? LineOutcome.MissingWords : LineOutcome.Invalid(words.Peek!);
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        var type = PasswordType.Clear;
        if (words.Remaining >= 2 && words.Peek is "0" or "7")
        {
            type = words.Take() == "7" ? PasswordType.Type7 : PasswordType.Clear;
        }
        var text = words.Take();
        if (type == PasswordType.Clear)
        {
            secret = Secret.Clear(text);
            return null;
        }
        if (!Secret.TryType7(text, out secret, out var error))
        {
            return LineOutcome.Fail($"% invalid type 7 password ({error.CodeName}: {error.Message})");
        }
        return null;
    }

    private static LineOutcome? OptionalRealm(IosWords words, out Realm? realm)
    {
        realm = null;
        if (words.AtEnd)
        {
            return null;
        }
        if (!words.TakeKeyword("realm"))
        {
            return LineOutcome.Invalid(words.Peek!);
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        realm = new Realm(words.Take());
        return words.AtEnd ? null : LineOutcome.Invalid(words.Peek!);
    }

    private static LineOutcome Authentication(IosWords words, DialPeerTag? tag)
    {
        if (!words.TakeKeyword("username"))
        {
            return words.AtEnd ? LineOutcome.MissingWords : LineOutcome.Invalid(words.Peek!);
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        var username = words.Take();
        if (Password(words, out var secret) is { } failed)
        {
            return failed;
        }
        if (OptionalRealm(words, out var realm) is { } bad)
        {
            return bad;
        }
        return LineOutcome.Of(new SetAuthentication(tag, new Authentication(username, secret!, realm)));
    }

    private static LineOutcome NoAuthentication(IosWords words, DialPeerTag? tag)
    {
        if (!words.TakeKeyword("username") || words.AtEnd)
        {
            return LineOutcome.Fail("% authentication is removed one at a time: no authentication username U [realm R]");
        }
        var username = words.Take();
        if (words.TakeKeyword("password"))
        {
            // The password of a `no` form only repeats the line; it is not checked.
            if (words.Remaining >= 2 && words.Peek is "0" or "7")
            {
                words.Take();
            }
            if (!words.AtEnd)
            {
                words.Take();
            }
        }
        if (OptionalRealm(words, out var realm) is { } bad)
        {
            return bad;
        }
        return LineOutcome.Of(new RemoveAuthentication(tag, username, realm));
    }

    private static LineOutcome Credentials(IosWords words)
    {
        EndpointNumber? number = null;
        string? username = null;
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        if (words.TakeKeyword("dhcp", "number", "username"))
        {
            return LineOutcome.Fail(TrunkRules.DhcpUnsupported("credentials dhcp", TrunkRules.CredentialsInstead));
        }
        if (words.TakeKeyword("number", "dhcp"))
        {
            if (words.AtEnd)
            {
                return LineOutcome.MissingWords;
            }
            var n = words.Take();
            if (!EndpointNumber.TryParse(n, out var parsed))
            {
                return LineOutcome.Fail($"% credentials number must be digits with an optional leading +, got '{n}'");
            }
            number = parsed;
        }
        if (!words.TakeKeyword("username"))
        {
            return words.AtEnd ? LineOutcome.MissingWords : LineOutcome.Invalid(words.Peek!);
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        username = words.Take();
        if (number is null)
        {
            // Without `number`, the username is the endpoint number (the seed: number lets them differ).
            if (!EndpointNumber.TryParse(username, out var fromUser))
            {
                return LineOutcome.Fail("% credentials without 'number' need a numeric username: it is the endpoint number");
            }
            number = fromUser;
        }
        if (Password(words, out var secret) is { } failed)
        {
            return failed;
        }
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords; // realm is mandatory for credentials
        }
        if (OptionalRealm(words, out var realm) is { } bad)
        {
            return bad;
        }
        return LineOutcome.Of(new SetCredential(new Credential(number.Value, username, secret!, realm!.Value)));
    }

    private static LineOutcome NoCredentials(IosWords words)
    {
        const string OneAtATime =
            "% credentials are removed one at a time: no credentials [number N] username U [password P] realm R";
        EndpointNumber? number = null;
        string? username = null;
        if (words.TakeKeyword("dhcp", "number", "username"))
        {
            return LineOutcome.Fail(TrunkRules.DhcpUnsupported("no credentials dhcp", TrunkRules.CredentialsInstead));
        }
        if (words.TakeKeyword("number", "dhcp"))
        {
            if (words.AtEnd || !EndpointNumber.TryParse(words.Take(), out var n))
            {
                return LineOutcome.Fail(OneAtATime);
            }
            number = n;
        }
        if (!words.TakeKeyword("username") || words.AtEnd)
        {
            return LineOutcome.Fail(OneAtATime);
        }
        username = words.Take();
        if (number is null)
        {
            if (!EndpointNumber.TryParse(username, out var fromUser))
            {
                return LineOutcome.Fail(OneAtATime);
            }
            number = fromUser;
        }
        if (words.TakeKeyword("password"))
        {
            if (words.Remaining >= 2 && words.Peek is "0" or "7")
            {
                words.Take();
            }
            if (!words.AtEnd)
            {
                words.Take();
            }
        }
        if (words.AtEnd)
        {
            return LineOutcome.Fail(OneAtATime);
        }
        if (OptionalRealm(words, out var realm) is { } bad)
        {
            return bad;
        }
        return LineOutcome.Of(new RemoveCredential(number.Value, username, realm!.Value));
    }

    private static LineOutcome LocalHost(IosWords words, DialPeerTag? tag)
    {
        if (words.AtEnd)
        {
            return LineOutcome.MissingWords;
        }
        var target = words.Take();
        if (!target.StartsWith("dns:", StringComparison.OrdinalIgnoreCase) || target.Length == 4)
        {
            return LineOutcome.Fail($"% localhost must be dns:DOMAIN, got '{target}'");
        }
        var preferred = words.TakeKeyword("preferred");
        if (!words.AtEnd)
        {
            return LineOutcome.Invalid(words.Peek!);
        }
        return LineOutcome.Of(new SetLocalHost(tag, new LocalHost(target[4..], preferred)));
    }
}
