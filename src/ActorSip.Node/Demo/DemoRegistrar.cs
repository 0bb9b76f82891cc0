using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ActorSip.Sip;
using ActorSip.Sip.Auth;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;

namespace ActorSip.Node.Demo;

/// <summary>
/// A small digest-challenging registrar on loopback, so a newcomer sees endpoints register without a provider.
/// It challenges every REGISTER (MD5, qop=auth), checks the answer against the passwords configured for its realm,
/// and grants at most an hour. Only nonces it issued in the last five minutes are accepted.
/// </summary>
public sealed class DemoRegistrar : IAsyncDisposable
{
    private const int MaxExpires = 3600;
    private readonly SipTransportLayer _transports = new();
    private readonly SipTransactionLayer _transactions;
    private readonly Func<string, string?> _passwordOf;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bindings = new(StringComparer.Ordinal);

    private DemoRegistrar(string realm, Func<string, string?> passwordOf, IPAddress address)
    {
        Realm = realm;
        _passwordOf = passwordOf;
        var (udp, _) = _transports.AddUdpAndTcp(new IPEndPoint(address, 0));
        EndPoint = udp.LocalEndPoint;
        _transactions = new SipTransactionLayer(_transports) { RequestReceived = OnRequest };
    }

    public string Realm { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>AOR → Contact of the current registrations.</summary>
    public IReadOnlyDictionary<string, string> Bindings => _bindings;

    public static DemoRegistrar Start(string realm, Func<string, string?> passwordOf) =>
        new(realm, passwordOf, IPAddress.Loopback);

    private void OnRequest(IncomingRequest incoming)
    {
        if (!incoming.CanRespond) return;
        var request = incoming.Request;
        if (request.Method != SipMethods.Register)
        {
            _ = incoming.RespondAsync(request.Method == SipMethods.Options ? 200 : 405, request.Method == SipMethods.Options ? "OK" : "Method Not Allowed");
            return;
        }
        if (!Authorized(request))
        {
            var challenge = incoming.CreateResponse(401, "Unauthorized", NewTag());
            challenge.Headers.Add(HeaderNames.WwwAuthenticate,
                $"Digest realm=\"{Realm}\", nonce=\"{NewNonce()}\", algorithm=MD5, qop=\"auth\"");
            _ = incoming.RespondAsync(challenge);
            return;
        }
        var aor = request.To?.Uri.ToString() ?? "";
        var expires = Math.Min(request.Expires ?? MaxExpires, MaxExpires);
        var ok = incoming.CreateResponse(200, "OK", NewTag());
        if (request.Contact is { IsWildcard: false, Addresses.Count: > 0 } contact)
        {
            var ours = contact.Addresses[0];
            var granted = (int)Math.Min(ContactHeader.ExpiresOf(ours) ?? (uint)expires, MaxExpires);
            if (granted == 0) _bindings.TryRemove(aor, out _);
            else
            {
                _bindings[aor] = ours.Uri.ToString();
                ok.Headers.Add(HeaderNames.Contact, (ours with { Parameters = ours.Parameters.With("expires", granted.ToString(CultureInfo.InvariantCulture)) }).ToString());
            }
        }
        _ = incoming.RespondAsync(ok);
    }

    private bool Authorized(SipRequest request)
    {
        if (request.Headers[HeaderNames.Authorization] is not { } value
            || !AuthHeaderParser.TryParse(value, out var h, out _) || !h.IsDigest) return false;
        if (!string.Equals(h.Get("realm"), Realm, StringComparison.Ordinal)) return false;
        if (h.Get("nonce") is not { } nonce || !_nonces.TryGetValue(nonce, out var issued)
            || DateTimeOffset.UtcNow - issued > TimeSpan.FromMinutes(5)) return false;
        if (h.Get("username") is not { } user || _passwordOf(user) is not { } password) return false;
        var input = new DigestInput(DigestAlgorithm.Md5, user, Realm, password, SipMethods.Register,
            h.Get("uri") ?? "", nonce, h.Get("qop"), h.Get("nc"), h.Get("cnonce"));
        var expected = DigestClient.Response(input);
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(h.Get("response") ?? ""));
    }

    private string NewNonce()
    {
        if (_nonces.Count > 10_000)
            foreach (var old in _nonces.Where(n => DateTimeOffset.UtcNow - n.Value > TimeSpan.FromMinutes(5)).ToList())
                _nonces.TryRemove(old.Key, out _);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = DateTimeOffset.UtcNow;
        return nonce;
    }

    private static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public ValueTask DisposeAsync() => _transports.DisposeAsync();
}
