using ActorSip.Sip.Messages;
using CsCheck;

namespace ActorSip.Sip.Tests.Properties;

/// <summary>CsCheck generators for messages that stay inside the RFC 3261 grammar, so that any failure of the
/// round-trip properties is the stack's fault, not the generator's.</summary>
public static class SipGenerators
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string TokenChars = Alpha + Digits + "-.!%*_+`'~";
    private const string UserChars = Alpha + Digits + "-_.!~*'()&=+$,;?/";

    public static readonly Gen<string> Token = Gen.String[Gen.Char[TokenChars], 1, 16];

    private static readonly Gen<string> Label = Gen.String[Gen.Char[Alpha + Digits], 1, 10]
        .Select(Gen.Char[Alpha], (s, first) => first + s);

    public static readonly Gen<string> Host = Gen.OneOf(
        Label.Array[1, 4].Select(a => string.Join('.', a)),
        Gen.Byte.Array[4].Select(b => string.Join('.', b)));

    public static readonly Gen<SipUri> Uri =
        Gen.Select(Gen.String[Gen.Char[UserChars], 1, 12].Null(), Host, Gen.Int[1, 65535].Nullable(),
            (user, host, port) => SipUri.Sip(user, host, port));

    private static readonly Gen<string> DisplayName = Gen.String[Gen.Char[Alpha + Digits + " \"\\"], 1, 20];

    public static readonly Gen<NameAddress> Address =
        Gen.Select(DisplayName.Null(), Uri, Token.Null(),
            (name, uri, tag) =>
            {
                var a = new NameAddress(name, uri, SipParameters.Empty);
                return tag is null ? a : a.WithTag(tag);
            });

    /// <summary>Extension headers: a token name that is no known header, and a printable UTF-8 value.</summary>
    private static readonly Gen<(string, string)> ExtensionHeader =
        Gen.Select(Token, Gen.String[Gen.Char[TokenChars + " ;=,:<>@/\"éß€"], 0, 40],
            (name, value) => ("X-" + name, value.Trim()));

    private static readonly Gen<string> Via =
        Gen.Select(Gen.OneOf(Gen.Const("UDP"), Gen.Const("TCP"), Gen.Const("TLS")), Host, Gen.Int[1, 65535], Token,
            (transport, host, port, branch) => $"SIP/2.0/{transport} {host}:{port};branch=z9hG4bK{branch}");

    private static readonly Gen<byte[]> Body = Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Byte.Array[0, 300]);

    public static readonly Gen<SipRequest> Request =
        Gen.Select(Gen.OneOf(Gen.Const("REGISTER"), Gen.Const("INVITE"), Gen.Const("OPTIONS"), Token.Select(t => t.ToUpperInvariant())),
                Uri, Address, Address, Token, Gen.UInt[1, int.MaxValue])
            .Select(Via.Array[1, 3], ExtensionHeader.Array[0, 8], Body, Gen.Int[0, 86400].Nullable(),
                (r, vias, extensions, body, expires) =>
                {
                    var (method, uri, from, to, callId, cseq) = r;
                    var request = SipRequest.Create(method, uri, from, to, callId + "@" + uri.Host, cseq);
                    foreach (var via in vias) request.Headers.Add(HeaderNames.Via, via);
                    if (method == "REGISTER" || expires is not null)
                    {
                        request.Headers.Add(HeaderNames.Contact, new NameAddress(uri).ToString());
                        request.Headers.Add(HeaderNames.Expires, (expires ?? 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    foreach (var (name, value) in extensions) request.Headers.Add(name, value);
                    request.Body = body;
                    return request;
                });

    private static readonly Gen<string> Reason = Gen.String[Gen.Char[Alpha + Digits + " -éü"], 0, 30].Select(s => s.Trim());

    public static readonly Gen<SipResponse> Response =
        Gen.Select(Request, Gen.Int[100, 699], Reason, Token.Null(), Gen.Int[0, 3600].Nullable())
            .Select(Gen.String[Gen.Char[TokenChars + "=,\" "], 0, 40],
                (r, challenge) =>
                {
                    var (request, status, reason, toTag, retryAfter) = r;
                    var response = SipResponse.For(request, status, reason, toTag);
                    if (retryAfter is not null) response.Headers.Add(HeaderNames.RetryAfter, retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (status == 401) response.Headers.Add(HeaderNames.WwwAuthenticate, "Digest realm=\"" + challenge.Replace("\"", "") + "\", nonce=\"abc\"");
                    return response;
                });
}
