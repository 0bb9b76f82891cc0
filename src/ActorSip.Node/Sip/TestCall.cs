using System.Net;
using System.Net.Sockets;
using ActorSip.Cluster.Credentials;
using ActorSip.Sip;
using ActorSip.Sip.Auth;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using ActorSip.Trunks;

namespace ActorSip.Node.Sip;

/// <summary>What a test call saw: the final status of the first and of the authenticated INVITE, and what was sent.</summary>
public sealed record TestCallResult(int? FirstStatus, int? FinalStatus, string? AnsweredRealm, string? Username, string FromHost, string? Error);

/// <summary>
/// An outbound call through a trunk, for troubleshooting: INVITE with the From host the "preferred" rule gives,
/// a 401/407 answered once with the credential the directory picks for INVITE (seed order: dial-peer, sip-ua
/// credentials, sip-ua authentication, else terminate), then ACK and BYE. No media is sent.
/// </summary>
public sealed class TestCall(SipTransactionLayer transactions, ICredentialDirectory directory)
{
    private readonly DigestClient _digest = new();

    public async Task<TestCallResult> PlaceAsync(TrunkConfig config, EndpointNumber from, string to, IPEndPoint target, SipTransportKind transport, CancellationToken ct)
    {
        var peer = config.DialPeers.Values.FirstOrDefault(d => d.Endpoint == from);
        // Contact, SDP and the default From host name the address the target reaches us at (advertised or routed).
        if (transactions.SentBy.For(transport, target) is not { } local)
            return new TestCallResult(null, null, null, null, "", $"no {transport} listener for {target.AddressFamily}");
        var fromHost = FromHostRule.Choose(config, peer?.Tag, local.Host).Host;
        var uri = SipUri.Sip(to, target.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString(), target.Port);
        var callId = $"{Guid.NewGuid():N}@actorsip";
        var fromAddress = new NameAddress(SipUri.Sip(from.ToString(), fromHost)).WithTag(Guid.NewGuid().ToString("N")[..10]);

        var first = await transactions.SendRequestAsync(Invite(uri, fromAddress, callId, 1, null, null, local), target, transport, ct);
        if (!first.IsResponse) return new TestCallResult(null, null, null, null, fromHost, first.Outcome.ToString());
        var response = first.Response!;
        if (response.StatusCode is not (401 or 407))
            return await Finish(response, null, null, response.StatusCode, uri, fromAddress, callId, 1, target, transport, fromHost, ct);

        var proxy = response.StatusCode == 407;
        var challenge = DigestChallenge.ChooseStrongest(response.Headers.GetAll(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate), proxy);
        if (challenge is null) return new TestCallResult(response.StatusCode, null, null, null, fromHost, "no usable Digest challenge");
        var realm = string.IsNullOrEmpty(challenge.Realm) ? (Realm?)null : new Realm(challenge.Realm);
        var choice = await directory.LookupAsync(new Challenge(realm, null, ChallengedMethod.InviteOrOther, from, peer?.Tag), ct);
        if (choice is not CredentialLookup.Answer answer)
            return new TestCallResult(response.StatusCode, null, challenge.Realm, null, fromHost, "request terminated: " + ((CredentialLookup.Terminate)choice).Reason);

        // Decrypted for this one computation; the buffer is zeroed when it returns.
        var authorization = answer.Password.Use(password => _digest.Authorize(challenge, answer.Username, password, SipMethods.Invite, uri.ToString()));
        var second = await transactions.SendRequestAsync(Invite(uri, fromAddress, callId, 2, DigestClient.HeaderFor(challenge), authorization, local), target, transport, ct);
        if (!second.IsResponse) return new TestCallResult(response.StatusCode, null, challenge.Realm, answer.Username, fromHost, second.Outcome.ToString());
        return await Finish(second.Response!, challenge.Realm, answer.Username, response.StatusCode, uri, fromAddress, callId, 2, target, transport, fromHost, ct);
    }

    /// <summary>A 2xx is ACKed outside the transaction (RFC 3261 §13.2.2.4) and the call is hung up at once.</summary>
    private async Task<TestCallResult> Finish(SipResponse final, string? realm, string? username, int firstStatus, SipUri uri,
        NameAddress from, string callId, uint cseq, IPEndPoint target, SipTransportKind transport, string fromHost, CancellationToken ct)
    {
        if (final.StatusCode is >= 200 and < 300 && final.To is { } to)
        {
            var remote = final.Contact is { Addresses.Count: > 0 } c ? c.Addresses[0].Uri : uri;
            var ack = Request(SipMethods.Ack, remote, from, to, callId, cseq);
            ack.Headers.Add(HeaderNames.Via, transactions.CreateVia(transport, target).ToString());
            await transactions.SendStatelessAsync(ack, target, transport, ct);
            await transactions.SendRequestAsync(Request(SipMethods.Bye, remote, from, to, callId, cseq + 1), target, transport, ct);
        }
        return new TestCallResult(firstStatus, final.StatusCode, realm, username, fromHost, null);
    }

    private static SipRequest Invite(SipUri uri, NameAddress from, string callId, uint cseq, string? authHeader, string? authValue,
        (string Host, int Port) local)
    {
        var invite = Request(SipMethods.Invite, uri, from, new NameAddress(uri with { Port = null }), callId, cseq);
        invite.Headers.Add(HeaderNames.Contact, new NameAddress(SipUri.Sip(from.Uri.User, local.Host, local.Port)).ToString());
        var sdpAddress = local.Host.Trim('[', ']');
        var ipVersion = local.Host.StartsWith('[') ? "IP6" : "IP4";
        if (authHeader is not null) invite.Headers.Add(authHeader, authValue!);
        invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
        invite.Body = System.Text.Encoding.ASCII.GetBytes(
            $"v=0\r\no=actorsip 1 1 IN {ipVersion} {sdpAddress}\r\ns=-\r\nc=IN {ipVersion} {sdpAddress}\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        return invite;
    }

    private static SipRequest Request(string method, SipUri uri, NameAddress from, NameAddress to, string callId, uint cseq)
    {
        var request = SipRequest.Create(method, uri, from, to, callId, cseq);
        request.Headers.Add(HeaderNames.UserAgent, ActorSip.Trunks.Registration.RegisterMessages.UserAgent);
        return request;
    }
}
