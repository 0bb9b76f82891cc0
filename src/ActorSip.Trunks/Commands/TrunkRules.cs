using System.Collections.Immutable;
using ActorSip.Sip;

namespace ActorSip.Trunks;

/// <summary>The seed's restrictions, checked as each command is applied. See docs/TRUNK-CONFIG.md for the choices made.</summary>
internal static class TrunkRules
{
    public const int MaxRealmsPerEndpoint = 12;
    public const int MinExpires = 60;
    public const int MaxExpires = 65535;
    public const int MinRefreshRatio = 50;
    public const int MaxRefreshRatio = 100;

    /// <summary>The refusal of every DHCP form: ActorSip has no DHCP client, and a cluster node's address is no lease.</summary>
    public static string DhcpUnsupported(string form, string instead) =>
        $"% '{form}' is not supported by ActorSip: it has no DHCP client (a cluster node's address is not a DHCP lease); {instead}";

    public const string RegistrarInstead = "give the registrar's address: 'registrar N dns:NAME' or 'registrar N ipv4:ADDR[:PORT]'";
    public const string CredentialsInstead = "give the endpoint: 'credentials number N username U password P realm R'";

    public static ApplyResult Apply(TrunkConfig config, TrunkCommand command) => command switch
    {
        SetRegistrar c => SetRegistrar(config, c.Registrar),
        RemoveRegistrar c => config.Registrars.ContainsKey(c.Index)
            ? ApplyResult.Ok(config with { Registrars = config.Registrars.Remove(c.Index) })
            : ApplyResult.Refused(config, $"% registrar {c.Index} is not configured"),
        SetLegacyRegistrar c => SetLegacy(config, c.Registrar, c.Secondary),
        RemoveLegacyRegistrar c => RemoveLegacy(config, c.Secondary),
        SetCredential c => SetCredential(config, c.Credential),
        RemoveCredential c => RemoveCredential(config, c),
        SetAuthentication c => SetAuthentication(config, c.DialPeer, c.Authentication),
        RemoveAuthentication c => RemoveAuthentication(config, c),
        SetLocalHost c => SetLocalHost(config, c.DialPeer, c.LocalHost),
        RemoveLocalHost c => RemoveLocalHost(config, c.DialPeer),
        AddDialPeer c => ApplyResult.Ok(config.DialPeers.ContainsKey(c.Tag)
            ? config
            : config with { DialPeers = config.DialPeers.Add(c.Tag, DialPeer.Empty(c.Tag)) }),
        RemoveDialPeer c => config.DialPeers.ContainsKey(c.Tag)
            ? ApplyResult.Ok(config with { DialPeers = config.DialPeers.Remove(c.Tag) })
            : ApplyResult.Refused(config, $"% dial-peer voice {c.Tag} is not configured"),
        SetDestinationPattern c => SetPattern(config, c.Tag, c.Pattern),
        RemoveDestinationPattern c => WithDialPeer(config, c.Tag, d => ApplyResult.Ok(Put(config, d with { DestinationPattern = null }))),
        _ => ApplyResult.Refused(config, $"% unknown command {command.GetType().Name}"),
    };

    private static ApplyResult SetRegistrar(TrunkConfig config, Registrar registrar)
    {
        if (config.IsLegacyMode)
        {
            return ApplyResult.Refused(config,
                "% primary/secondary registrar already configured; remove it ('no registrar') before configuring indexed registrars (the two forms are mutually exclusive)");
        }
        if ((ExpiresError(registrar.Expires) ?? OptionsError(registrar.Options, registrar.Transport)) is { } e)
        {
            return ApplyResult.Refused(config, e);
        }
        // Indexes 1-6 make the maximum of six registrars structural; replacing an index is IOS's overwrite.
        return ApplyResult.Ok(config with { Registrars = config.Registrars.SetItem(registrar.Index, registrar) });
    }

    private static ApplyResult SetLegacy(TrunkConfig config, LegacyRegistrar registrar, bool secondary)
    {
        if (!config.Registrars.IsEmpty)
        {
            return ApplyResult.Refused(config,
                "% indexed registrars already configured; remove them ('no registrar N') before configuring a primary/secondary registrar (the two forms are mutually exclusive)");
        }
        if ((ExpiresError(registrar.Expires) ?? OptionsError(registrar.Options, registrar.Transport)) is { } e)
        {
            return ApplyResult.Refused(config, e);
        }
        return ApplyResult.Ok(secondary ? config with { SecondaryRegistrar = registrar } : config with { PrimaryRegistrar = registrar });
    }

    private static ApplyResult RemoveLegacy(TrunkConfig config, bool secondary)
    {
        var existing = secondary ? config.SecondaryRegistrar : config.PrimaryRegistrar;
        if (existing is null)
        {
            return ApplyResult.Refused(config, secondary ? "% no secondary registrar is configured" : "% no primary registrar is configured");
        }
        return ApplyResult.Ok(secondary ? config with { SecondaryRegistrar = null } : config with { PrimaryRegistrar = null });
    }

    internal static string? ExpiresError(int? expires) =>
        expires is { } s && (s < MinExpires || s > MaxExpires) ? $"% expires must be {MinExpires}-{MaxExpires} seconds" : null;

    internal static string? RefreshRatioError(int? ratio) =>
        ratio is { } r && (r < MinRefreshRatio || r > MaxRefreshRatio)
            ? $"% refresh-ratio must be {MinRefreshRatio}-{MaxRefreshRatio} (percent of the granted expiry)"
            : null;

    /// <summary>RFC 3261 §26.2.2: a sips: registration goes over TLS only, so an explicit udp or tcp contradicts it.</summary>
    internal static string? SchemeError(RegistrarScheme scheme, SipTransportKind transport) =>
        scheme == RegistrarScheme.Sips && transport != SipTransportKind.Tls
            ? $"% scheme sips needs TLS, not {transport.ToString().ToLowerInvariant()}: remove '{transport.ToString().ToLowerInvariant()}' (sips implies tls) or use scheme sip"
            : null;

    internal static string? OptionsError(RegistrarOptions options, SipTransportKind transport) =>
        RefreshRatioError(options.RefreshRatio) ?? SchemeError(options.Scheme, transport);

    private static ApplyResult SetCredential(TrunkConfig config, Credential credential)
    {
        var existing = config.CredentialIndex.Find(credential.Number, credential.Realm);
        if (existing is not null)
        {
            if (existing == credential)
            {
                return ApplyResult.Ok(config);
            }
            return ApplyResult.Refused(config,
                $"% credentials for number {credential.Number} realm {credential.Realm} already configured (username {existing.Username}); remove it first with 'no credentials'");
        }
        var next = config with { Credentials = config.Credentials.Add(credential), CredentialIndex = config.CredentialIndex.With(credential) };
        return CheckRealms(config, next, CredentialIndex.EndpointKey(credential));
    }

    private static ApplyResult RemoveCredential(TrunkConfig config, RemoveCredential remove)
    {
        var existing = config.Credentials.FirstOrDefault(c =>
            c.Number == remove.Number && c.Realm == remove.Realm && c.Username == remove.Username);
        if (existing is null)
        {
            return ApplyResult.Refused(config, $"% no credentials for number {remove.Number} username {remove.Username} realm {remove.Realm}");
        }
        return ApplyResult.Ok(config with { Credentials = config.Credentials.Remove(existing) });
    }

    private static ApplyResult SetAuthentication(TrunkConfig config, DialPeerTag? tag, Authentication authentication)
    {
        if (tag is { } t)
        {
            return WithDialPeer(config, t, peer =>
            {
                if (AuthenticationConflict(peer.Authentications, authentication, $"dial-peer {t}") is { } conflict)
                {
                    return conflict == string.Empty ? ApplyResult.Ok(config) : ApplyResult.Refused(config, conflict);
                }
                if (peer.DestinationPattern is { } pattern && peer.Endpoint is null)
                {
                    return ApplyResult.Refused(config, WildcardMessage(pattern));
                }
                var next = Put(config, peer with { Authentications = peer.Authentications.Add(authentication) });
                return CheckRealms(config, next);
            });
        }
        if (AuthenticationConflict(config.Authentications, authentication, "sip-ua") is { } c)
        {
            return c == string.Empty ? ApplyResult.Ok(config) : ApplyResult.Refused(config, c);
        }
        return CheckRealms(config, config with { Authentications = config.Authentications.Add(authentication) });
    }

    /// <summary>
    /// Null when the authentication may be added; empty when it is already there exactly (re-pasting is harmless);
    /// else the refusal. One authentication per username+realm, and a realm picks one username in a scope.
    /// </summary>
    private static string? AuthenticationConflict(ImmutableArray<Authentication> existing, Authentication added, string scope)
    {
        foreach (var a in existing)
        {
            if (a == added)
            {
                return string.Empty;
            }
            var realm = a.Realm is { } r ? $"realm {r}" : "without realm";
            if (a.Username == added.Username && a.Realm == added.Realm)
            {
                return $"% authentication for username {a.Username} {realm} already configured in {scope}; remove it first with 'no authentication username {a.Username}{(a.Realm is { } rr ? " realm " + rr : string.Empty)}'";
            }
            if (added.Realm is not null && a.Realm == added.Realm)
            {
                return $"% realm {added.Realm} already has authentication (username {a.Username}) in {scope}; a realm picks one username";
            }
        }
        return null;
    }

    private static ApplyResult RemoveAuthentication(TrunkConfig config, RemoveAuthentication remove)
    {
        static Authentication? Find(ImmutableArray<Authentication> list, RemoveAuthentication r) =>
            list.FirstOrDefault(a => a.Username == r.Username && a.Realm == r.Realm);

        var realm = remove.Realm is { } rr ? $" realm {rr}" : " without realm";
        if (remove.DialPeer is { } tag)
        {
            return WithDialPeer(config, tag, peer => Find(peer.Authentications, remove) is { } found
                ? ApplyResult.Ok(Put(config, peer with { Authentications = peer.Authentications.Remove(found) }))
                : ApplyResult.Refused(config, $"% no authentication for username {remove.Username}{realm} in dial-peer {tag}"));
        }
        return Find(config.Authentications, remove) is { } f
            ? ApplyResult.Ok(config with { Authentications = config.Authentications.Remove(f) })
            : ApplyResult.Refused(config, $"% no authentication for username {remove.Username}{realm} in sip-ua");
    }

    private static ApplyResult SetLocalHost(TrunkConfig config, DialPeerTag? tag, LocalHost localHost)
    {
        if (!RegistrarTarget.IsHostName(localHost.Domain))
        {
            return ApplyResult.Refused(config, $"% invalid localhost domain '{localHost.Domain}'");
        }
        return tag is { } t
            ? WithDialPeer(config, t, peer => ApplyResult.Ok(Put(config, peer with { LocalHost = localHost })))
            : ApplyResult.Ok(config with { LocalHost = localHost });
    }

    private static ApplyResult RemoveLocalHost(TrunkConfig config, DialPeerTag? tag) =>
        tag is { } t
            ? WithDialPeer(config, t, peer => ApplyResult.Ok(Put(config, peer with { LocalHost = null })))
            : ApplyResult.Ok(config with { LocalHost = null });

    private static ApplyResult SetPattern(TrunkConfig config, DialPeerTag tag, string pattern) =>
        WithDialPeer(config, tag, peer =>
        {
            if (!IsIosPattern(pattern))
            {
                return ApplyResult.Refused(config, $"% invalid destination-pattern '{pattern}'");
            }
            var next = peer with { DestinationPattern = pattern };
            if (next.Endpoint is null && !peer.Authentications.IsEmpty)
            {
                return ApplyResult.Refused(config, WildcardMessage(pattern));
            }
            return CheckRealms(config, Put(config, next));
        });

    private static string WildcardMessage(string pattern) =>
        $"% destination-pattern {pattern} is not one explicit number; a dial-peer with authentication registers one number (digits, optional leading +)";

    /// <summary>Characters IOS allows in a destination-pattern (digits, +, wildcards . T [ ] - ^ $ % ? * # ,).</summary>
    private static bool IsIosPattern(string pattern)
    {
        if (pattern.Length == 0)
        {
            return false;
        }
        foreach (var c in pattern)
        {
            if (!char.IsAsciiDigit(c) && "+.Tt[]-^$%?*#,".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static ApplyResult WithDialPeer(TrunkConfig config, DialPeerTag tag, Func<DialPeer, ApplyResult> change) =>
        config.DialPeers.TryGetValue(tag, out var peer)
            ? change(peer)
            : ApplyResult.Refused(config, $"% dial-peer voice {tag} pots is not configured");

    private static TrunkConfig Put(TrunkConfig config, DialPeer peer) => config with { DialPeers = config.DialPeers.SetItem(peer.Tag, peer) };

    /// <summary>
    /// At most 12 different realms per endpoint. An endpoint's realms are those of its credentials, of the
    /// authentications of its dial-peers, and of the sip-ua authentications (which answer for every endpoint).
    /// </summary>
    /// <param name="only">The one endpoint a command touched: every other endpoint was within the limit before it,
    /// so counting that one alone keeps reading N credentials linear (counting all made it O(N²): 22 s for 10,000).</param>
    private static ApplyResult CheckRealms(TrunkConfig before, TrunkConfig after, string? only = null)
    {
        foreach (var (endpoint, count) in RealmsPerEndpoint(after, only))
        {
            if (count > MaxRealmsPerEndpoint)
            {
                return ApplyResult.Refused(before,
                    $"% endpoint {endpoint} would have {count} different realms; at most {MaxRealmsPerEndpoint} realms per endpoint");
            }
        }
        return ApplyResult.Ok(after);
    }

    /// <summary>Realms per endpoint (credentials, dial-peer authentications and the global ones); with
    /// <paramref name="only"/>, that endpoint's alone.</summary>
    internal static IEnumerable<(string Endpoint, int Realms)> RealmsPerEndpoint(TrunkConfig config, string? only = null)
    {
        var global = config.Authentications.Where(a => a.Realm is not null).Select(a => a.Realm!.Value).ToHashSet();
        var byEndpoint = new Dictionary<string, HashSet<Realm>>(StringComparer.Ordinal);
        HashSet<Realm>? For(string key)
        {
            if (only is not null && key != only) return null;
            if (!byEndpoint.TryGetValue(key, out var set))
            {
                set = new HashSet<Realm>(global);
                byEndpoint[key] = set;
            }
            return set;
        }
        if (only is null)
        {
            foreach (var c in config.Credentials) For(CredentialIndex.EndpointKey(c))!.Add(c.Realm);
        }
        else if (config.CredentialIndex.RealmsOf(only) is { Count: > 0 } realms)
        {
            For(only)!.UnionWith(realms);
        }
        foreach (var peer in config.DialPeers.Values)
        {
            if (For(peer.Endpoint?.Value ?? $"of dial-peer {peer.Tag}") is not { } set) continue;
            foreach (var a in peer.Authentications)
            {
                if (a.Realm is { } r)
                {
                    set.Add(r);
                }
            }
        }
        if (byEndpoint.Count == 0)
        {
            yield return ("(sip-ua)", global.Count);
        }
        foreach (var (key, set) in byEndpoint)
        {
            yield return (key, set.Count);
        }
    }

    internal static SipTransportKind DefaultTransport => SipTransportKind.Udp;
}
