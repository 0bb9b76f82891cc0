using System.Text;
using ActorSip.Sip;
using ActorSip.Sip.Messages;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Trunks.Tests.Registration;

public sealed class RegisterMessagesTests
{
    private static readonly PlannedRegistrar Registrar = new("1", new RegistrarTarget(RegistrarTargetKind.Dns, "example1.com", null), 180, SipTransportKind.Udp);
    private static readonly EndpointNumber Endpoint = EndpointNumber.Parse("1111");
    private const string Contact = "<sip:1111@127.0.0.1:5070>";

    private static BindingState State() => new BindingState().Apply(new BindingEvent.Created("c1@node", "t1")) with { Contact = Contact };

    [Fact]
    public void Register_carries_the_aor_the_binding_call_id_and_the_cseq()
    {
        var request = RegisterMessages.Build(Endpoint, Registrar, State(), new RegistrationEffect.SendRegister(7, 180, 0, null, null));
        var parsed = (SipRequest)SipMessage.Parse(request.ToBytes().AsMemory() is var m ? AddVia(m) : default);
        Assert.Equal("sip:example1.com", parsed.RequestUri.ToString());
        Assert.Equal("sip:1111@example1.com", parsed.To!.Uri.ToString());
        Assert.Null(parsed.To.Tag);
        Assert.Equal("t1", parsed.From!.Tag);
        Assert.Equal("c1@node", parsed.CallId);
        Assert.Equal(new CSeqHeader(7, "REGISTER"), parsed.CSeq);
        Assert.Equal(180, parsed.Expires);
        Assert.Equal("sip:1111@127.0.0.1:5070", parsed.Contact!.Addresses[0].Uri.ToString());
        Assert.Null(parsed.Headers[HeaderNames.Authorization]);
    }

    [Fact]
    public void A_stale_contact_is_sent_with_expires_zero_beside_ours()
    {
        var state = State() with { StaleContact = "<sip:1111@10.9.9.9:5070>" };
        var request = RegisterMessages.Build(Endpoint, Registrar, state, new RegistrationEffect.SendRegister(8, 180, 0, null, null));
        var contacts = ((SipRequest)SipMessage.Parse(AddVia(request.ToBytes()))).Contact!.Addresses;
        Assert.Equal(2, contacts.Count);
        Assert.Equal("sip:1111@127.0.0.1:5070", contacts[0].Uri.ToString());
        Assert.Equal(("sip:1111@10.9.9.9:5070", "0"), (contacts[1].Uri.ToString(), contacts[1].Parameters.Get("expires")));
    }

    [Fact]
    public void Scheme_sips_makes_request_uri_aor_and_contact_sips_over_tls()
    {
        var sips = Registrar with { Transport = SipTransportKind.Tls, Scheme = RegistrarScheme.Sips, Target = Registrar.Target with { Port = 5061 } };
        var state = State() with { Contact = RegisterMessages.ContactFor("<sip:1111@192.0.2.7:5061;transport=tls>", sips, "c1@node") };
        var request = RegisterMessages.Build(Endpoint, sips, state, new RegistrationEffect.SendRegister(7, 180, 0, null, null));
        var parsed = (SipRequest)SipMessage.Parse(AddVia(request.ToBytes()));
        Assert.Equal("sips:example1.com:5061", parsed.RequestUri.ToString());
        Assert.Equal("sips:example1.com:5061", RegisterMessages.RegistrarUri(sips).ToString()); // the digest uri is the Request-URI
        Assert.Equal("sips:1111@example1.com", parsed.To!.Uri.ToString());
        Assert.Equal("sips:1111@example1.com", parsed.From!.Uri.ToString());
        // TLS is implied by sips: (RFC 5630 §3.2 deprecates transport=tls on it).
        Assert.Equal("sips:1111@192.0.2.7:5061", parsed.Contact!.Addresses[0].Uri.ToString());
        Assert.Equal(SipUriKind.Sips, parsed.Contact.Addresses[0].Uri.Kind);
    }

    [Fact]
    public void Scheme_sip_leaves_uris_and_contact_as_they_were()
    {
        Assert.Equal("sip:example1.com", RegisterMessages.RegistrarUri(Registrar).ToString());
        Assert.Equal(Contact, RegisterMessages.ContactFor(Contact, Registrar, "c1@node"));
        var tls = Registrar with { Transport = SipTransportKind.Tls };
        Assert.Equal("<sip:1111@127.0.0.1:5061;transport=tls>", RegisterMessages.ContactFor("<sip:1111@127.0.0.1:5061;transport=tls>", tls, "c1@node"));
    }

    [Fact]
    public void Random_contact_replaces_the_number_with_a_user_fixed_by_the_call_id()
    {
        var random = Registrar with { RandomContact = true };
        var first = RegisterMessages.ContactFor(Contact, random, "c1@node");
        var uri = NameAddressOf(first).Uri;
        Assert.NotEqual("1111", uri.User);
        Assert.Matches("^[0-9a-f]{16}$", uri.User!);
        Assert.Equal(("127.0.0.1", 5070), (uri.Host, uri.Port));
        // Same Call-ID (restart, failover to another node's address): same user; another binding: another user.
        Assert.Equal(uri.User, NameAddressOf(RegisterMessages.ContactFor("<sip:1111@10.0.0.9:5060>", random, "c1@node")).Uri.User);
        Assert.NotEqual(uri.User, NameAddressOf(RegisterMessages.ContactFor(Contact, random, "c2@node")).Uri.User);
        Assert.Equal(RegisterMessages.RandomContactUser("c1@node"), uri.User);

        var sipsRandom = random with { Scheme = RegistrarScheme.Sips, Transport = SipTransportKind.Tls };
        Assert.Equal($"<sips:{uri.User}@127.0.0.1:5061>", RegisterMessages.ContactFor("<sip:1111@127.0.0.1:5061;transport=tls>", sipsRandom, "c1@node"));
    }

    private static NameAddress NameAddressOf(string text) =>
        ActorSip.Sip.Parsing.NameAddressParser.TryParse(text, out var a, out var error) ? a : throw new FormatException(error);

    [Fact]
    public void Ipv6_registrar_is_bracketed_and_keeps_its_port()
    {
        var v6 = Registrar with { Target = new RegistrarTarget(RegistrarTargetKind.Ipv6, "2001:db8::1", 5080) };
        Assert.Equal("sip:[2001:db8::1]:5080", RegisterMessages.RegistrarUri(v6.Target).ToString());
    }

    [Fact]
    public void Granted_expiry_is_our_contacts_expires_among_all_bindings_of_the_aor()
    {
        var response = Response("SIP/2.0 200 OK", "Contact: <sip:1111@10.9.9.9:5060>;expires=3600, <sip:1111@127.0.0.1:5070>;expires=120\r\nExpires: 999\r\n");
        Assert.Equal(120, RegisterMessages.Interpret(response, Contact, (_, _) => null).GrantedExpires);

        var onlyExpires = Response("SIP/2.0 200 OK", "Expires: 300\r\n");
        Assert.Equal(300, RegisterMessages.Interpret(onlyExpires, Contact, (_, _) => null).GrantedExpires);
    }

    [Fact]
    public void Challenges_are_handed_to_the_digest_parser_with_their_kind()
    {
        var response = Response("SIP/2.0 407 Proxy Authentication Required",
            "Proxy-Authenticate: Digest realm=\"a\", nonce=\"1\"\r\nProxy-Authenticate: Digest realm=\"a\", nonce=\"2\", algorithm=SHA-256\r\n");
        IReadOnlyList<string>? seen = null;
        var proxySeen = false;
        var input = RegisterMessages.Interpret(response, Contact, (values, proxy) =>
        {
            seen = values;
            proxySeen = proxy;
            return new RegistrarChallenge("a", "2", false, proxy, values[1]);
        });
        Assert.Equal(2, seen!.Count);
        Assert.True(proxySeen);
        Assert.Equal("2", input.Challenge!.Nonce);
        Assert.Equal(407, input.Status);
        Assert.Equal(3u, input.CSeq);
    }

    [Fact]
    public void Retry_after_and_min_expires_are_read()
    {
        var r = RegisterMessages.Interpret(Response("SIP/2.0 503 Service Unavailable", "Retry-After: 30 (maintenance)\r\n"), Contact, (_, _) => null);
        Assert.Equal(30, r.RetryAfter);
        var m = RegisterMessages.Interpret(Response("SIP/2.0 423 Interval Too Brief", "Min-Expires: 3600\r\n"), Contact, (_, _) => null);
        Assert.Equal(3600, m.MinExpires);
    }

    [Fact]
    public void Contact_for_tcp_names_the_transport()
    {
        Assert.Equal("<sip:1111@127.0.0.1:5070;transport=tcp>", RegisterMessages.ContactFor(Endpoint, "127.0.0.1", 5070, SipTransportKind.Tcp));
        Assert.Equal("<sip:1111@127.0.0.1:5070>", RegisterMessages.ContactFor(Endpoint, "127.0.0.1", 5070, SipTransportKind.Udp));
    }

    private static ReadOnlyMemory<byte> AddVia(ReadOnlyMemory<byte> bytes)
    {
        // The transaction layer adds the Via; the parser requires one.
        var text = Encoding.UTF8.GetString(bytes.Span);
        var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return Encoding.UTF8.GetBytes(text.Insert(firstLineEnd, "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n"));
    }

    private static SipResponse Response(string statusLine, string extra) =>
        (SipResponse)SipMessage.Parse(statusLine + "\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n" +
            "To: <sip:1111@example1.com>;tag=r\r\nFrom: <sip:1111@example1.com>;tag=t1\r\nCall-ID: c1@node\r\nCSeq: 3 REGISTER\r\n" +
            extra + "Content-Length: 0\r\n\r\n");
}
