using System.Globalization;
using ActorSip.Sip;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using ActorSip.Trunks.Planning;

namespace ActorSip.Trunks.Registration;

/// <summary>
/// The REGISTER a binding sends and what its response means to the loop (RFC 3261 §10.2): Request-URI is the
/// registrar's domain, To and From the endpoint's AOR, one Call-ID and From tag for the binding's life, CSeq from
/// the state machine. Pure: the transaction layer sends, the digest code computes the Authorization value.
/// </summary>
public static class RegisterMessages
{
    public const string UserAgent = "ActorSip/1.0";

    /// <summary>sip:host[:port] of the registrar as configured (dns:/ipv4:/ipv6:).</summary>
    public static SipUri RegistrarUri(RegistrarTarget target) =>
        SipUri.Sip(null, target.Kind == RegistrarTargetKind.Ipv6 ? $"[{target.Host}]" : target.Host, target.Port);

    /// <summary>The Request-URI (and digest uri) of a REGISTER: sips:host[:port] with `scheme sips`, else sip:.</summary>
    public static SipUri RegistrarUri(PlannedRegistrar registrar) => WithScheme(RegistrarUri(registrar.Target), registrar.Scheme);

    /// <summary>The address-of-record: the endpoint number at the registrar's domain.</summary>
    public static SipUri AddressOfRecord(EndpointNumber endpoint, RegistrarTarget target) =>
        SipUri.Sip(endpoint.ToString(), target.Kind == RegistrarTargetKind.Ipv6 ? $"[{target.Host}]" : target.Host);

    /// <summary>RFC 3261 §19.1: sips: in To and From too when the registrar is registered with `scheme sips`.</summary>
    public static SipUri AddressOfRecord(EndpointNumber endpoint, PlannedRegistrar registrar) =>
        WithScheme(AddressOfRecord(endpoint, registrar.Target), registrar.Scheme);

    private static SipUri WithScheme(SipUri uri, RegistrarScheme scheme) =>
        scheme == RegistrarScheme.Sips ? uri with { Scheme = "sips", Kind = SipUriKind.Sips } : uri;

    public static SipRequest Build(EndpointNumber endpoint, PlannedRegistrar registrar, BindingState state,
        RegistrationEffect.SendRegister send, string? authorizationHeader = null, string? authorizationValue = null)
    {
        var aor = new NameAddress(AddressOfRecord(endpoint, registrar));
        var request = SipRequest.Create(SipMethods.Register, RegistrarUri(registrar), aor.WithTag(state.FromTag), aor, state.CallId, send.CSeq);
        request.Headers
            .Add(HeaderNames.Contact, state.Contact ?? throw new InvalidOperationException("binding has no Contact"))
            .Add(HeaderNames.Expires, send.Expires.ToString(CultureInfo.InvariantCulture))
            .Add(HeaderNames.UserAgent, UserAgent);
        // RFC 3261 §10.2.2: expires=0 on a Contact removes that binding; the old node's Contact goes with our own.
        if (state.StaleContact is { } stale && send.Expires > 0 && NameAddressParser.TryParse(stale, out var old, out _))
            request.Headers.Add(HeaderNames.Contact, (old with { Parameters = old.Parameters.With("expires", "0") }).ToString());
        if (authorizationHeader is not null && authorizationValue is not null)
            request.Headers.Add(authorizationHeader, authorizationValue);
        return request;
    }

    /// <summary>
    /// A final response as the loop's input. The granted expiry is our Contact's <c>expires</c> in the response
    /// (the registrar lists every binding of the AOR), else the Expires header (RFC 3261 §10.2.4).
    /// </summary>
    public static RegistrationInput.Response Interpret(SipResponse response, string contact,
        Func<IReadOnlyList<string>, bool, RegistrarChallenge?> parseChallenge)
    {
        var cseq = response.CSeq?.Number ?? 0;
        RegistrarChallenge? challenge = null;
        if (response.StatusCode is 401 or 407)
        {
            var proxy = response.StatusCode == 407;
            var values = response.Headers.GetAll(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate);
            challenge = parseChallenge(values, proxy);
        }
        return new RegistrationInput.Response(cseq, response.StatusCode, GrantedExpires(response, contact),
            response.MinExpires, response.RetryAfter, challenge, response.ReasonPhrase);
    }

    public static int? GrantedExpires(SipResponse response, string contact)
    {
        if (response.StatusCode is < 200 or >= 300) return null;
        if (response.Contact is { IsWildcard: false, Addresses.Count: > 0 } contacts
            && NameAddressParser.TryParse(contact, out var ours, out _))
        {
            foreach (var c in contacts.Addresses)
            {
                if (SameBinding(c.Uri, ours.Uri) && ContactHeader.ExpiresOf(c) is { } e)
                    return (int)Math.Min(e, int.MaxValue);
            }
        }
        return response.Expires;
    }

    /// <summary>RFC 3261 §10.3: contacts are the same binding when their URIs are equivalent; user, host and port suffice here.</summary>
    private static bool SameBinding(SipUri a, SipUri b) =>
        string.Equals(a.UserUnescaped, b.UserUnescaped, StringComparison.Ordinal)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && (a.Port ?? 5060) == (b.Port ?? 5060);

    /// <summary>The Contact a binding registers: the endpoint at this node's SIP address.</summary>
    public static string ContactFor(EndpointNumber endpoint, string host, int port, SipTransportKind transport)
    {
        var uri = SipUri.Sip(endpoint.ToString(), host, port);
        if (transport != SipTransportKind.Udp)
            uri = uri with { Parameters = uri.Parameters.With("transport", transport.ToString().ToLowerInvariant()) };
        return new NameAddress(uri).ToString();
    }

    /// <summary>
    /// The Contact of one binding: the node's Contact for the registrar's transport with the registrar's options
    /// applied. `scheme sips` makes it a sips: URI (TLS implied, so no transport parameter, RFC 5630 §3.2);
    /// `random-contact` replaces the number with <see cref="RandomContactUser"/> of the binding's Call-ID.
    /// </summary>
    public static string ContactFor(string nodeContact, PlannedRegistrar registrar, string callId)
    {
        if (registrar is { Scheme: RegistrarScheme.Sip, RandomContact: false }
            || !NameAddressParser.TryParse(nodeContact, out var address, out _))
            return nodeContact;
        var uri = address.Uri;
        if (registrar.Scheme == RegistrarScheme.Sips)
            uri = uri with { Scheme = "sips", Kind = SipUriKind.Sips, Parameters = uri.Parameters.Without("transport") };
        if (registrar.RandomContact)
            uri = uri with { User = RandomContactUser(callId) };
        return (address with { Uri = uri }).ToString();
    }

    /// <summary>`random-contact`'s user part: derived from the persisted Call-ID (itself random), so it stays the same
    /// for the binding's life, across restarts and failovers, without a journal field of its own; 16 hex digits.</summary>
    public static string RandomContactUser(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("random-contact:" + callId), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
