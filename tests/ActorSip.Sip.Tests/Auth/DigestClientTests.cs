using ActorSip.Sip.Auth;

namespace ActorSip.Sip.Tests.Auth;

public sealed class DigestClientTests
{
    private static readonly DigestCredentials Alice = new("alice", "s3cret");

    private static DigestChallenge Challenge(string value, bool proxy = false) =>
        DigestChallenge.ChooseStrongest([value], proxy) ?? throw new Xunit.Sdk.XunitException("no challenge in " + value);

    [Fact]
    public void Header_parser_reads_quoted_strings_escapes_and_lws()
    {
        Assert.True(AuthHeaderParser.TryParse("Digest  realm = \"a \\\"b\\\" c\" ,nonce=\"n,1\", algorithm=SHA-256 , qop=\"auth,auth-int\", stale=TRUE, x=y",
            out var h, out var e), e);
        Assert.Equal("Digest", h.Scheme);
        Assert.Equal("a \"b\" c", h.Get("realm"));
        Assert.Equal("n,1", h.Get("nonce"));
        Assert.Equal("y", h.Get("x"));
        var c = Challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=\"auth,auth-int\", stale=TRUE");
        Assert.True(c.Stale);
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.True(c.OffersAuth && c.OffersAuthInt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Digest realm=\"unterminated")]
    [InlineData("Digest realm=")]
    [InlineData("Digest =x")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"")]
    [InlineData("\"quoted scheme\"")]
    public void Malformed_headers_are_typed_errors(string value)
    {
        Assert.False(AuthHeaderParser.TryParse(value, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Oversized_and_random_input_never_throws()
    {
        Assert.False(AuthHeaderParser.TryParse("Digest realm=\"" + new string('a', 10_000) + "\"", out _, out _));
        var random = new Random(7616);
        const string alphabet = "Digest realm=nonce\"\\, \t=abc";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var list = new List<AuthHeader>();
            _ = AuthHeaderParser.TryParseAll(new string(chars), list, out _);
        }
    }

    [Fact]
    public void Several_challenges_in_one_value_and_across_fields_pick_the_strongest()
    {
        var list = new List<AuthHeader>();
        Assert.True(AuthHeaderParser.TryParseAll("Digest realm=\"r\", nonce=\"1\", algorithm=MD5, Digest realm=\"r\", nonce=\"2\", algorithm=SHA-256", list, out var e), e);
        Assert.Equal(2, list.Count);

        var best = DigestChallenge.ChooseStrongest([
            "Digest realm=\"r\", nonce=\"md5\"",
            "Basic realm=\"r\"",
            "Digest realm=\"r\", nonce=\"unknown\", algorithm=SHA3-999",
            "Digest realm=\"r\", nonce=\"sha512\", algorithm=SHA-512-256-sess",
            "Digest realm=\"r\", nonce=\"sha256\", algorithm=SHA-256",
        ], proxy: true);
        Assert.Equal("sha512", best!.Nonce);
        Assert.True(best.Proxy);
        Assert.Null(DigestChallenge.ChooseStrongest(["Basic realm=\"x\"", "Digest realm=\"r\""], false)); // no nonce
    }

    [Fact]
    public void Nc_counts_per_nonce()
    {
        var client = new DigestClient(() => "c");
        var n1 = Challenge("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"");
        var n2 = Challenge("Digest realm=\"r\", nonce=\"n2\", qop=\"auth\"");
        string Nc(string v) => AuthHeaderParser.TryParse(v, out var h, out _) ? h.Get("nc")! : "";
        Assert.Equal("00000001", Nc(client.Authorize(n1, Alice, "REGISTER", "sip:r")));
        Assert.Equal("00000002", Nc(client.Authorize(n1, Alice, "REGISTER", "sip:r")));
        Assert.Equal("00000001", Nc(client.Authorize(n2, Alice, "REGISTER", "sip:r")));
    }

    [Fact]
    public void Cnonce_is_random_by_default()
    {
        Assert.NotEqual(DigestClient.NewCnonce(), DigestClient.NewCnonce());
        Assert.Equal(24, DigestClient.NewCnonce().Length);
    }

    [Fact]
    public void Legacy_challenge_without_qop_uses_the_rfc_2069_form()
    {
        var client = new DigestClient();
        var value = client.Authorize(Challenge("Digest realm=\"biloxi.com\", nonce=\"abc\""), Alice, "REGISTER", "sip:biloxi.com");
        Assert.True(AuthHeaderParser.TryParse(value, out var h, out _));
        Assert.Null(h.Get("qop"));
        Assert.Null(h.Get("nc"));
        var expected = DigestAlgorithm.Md5.Hash(
            $"{DigestAlgorithm.Md5.Hash("alice:biloxi.com:s3cret")}:abc:{DigestAlgorithm.Md5.Hash("REGISTER:sip:biloxi.com")}");
        Assert.Equal(expected, h.Get("response"));
    }

    [Fact]
    public void Auth_int_hashes_the_body_and_sess_binds_the_cnonce()
    {
        var body = "v=0\r\n"u8.ToArray();
        var i = new DigestInput(DigestAlgorithm.Sha256Sess, "alice", "r", "s3cret", "INVITE", "sip:b@r", "n", "auth-int", "00000001", "cn", body);
        var ha1 = DigestAlgorithm.Sha256.Hash($"{DigestAlgorithm.Sha256.Hash("alice:r:s3cret")}:n:cn");
        var ha2 = DigestAlgorithm.Sha256.Hash($"INVITE:sip:b@r:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))}");
        Assert.Equal(DigestAlgorithm.Sha256.Hash($"{ha1}:n:00000001:cn:auth-int:{ha2}"), DigestClient.Response(i));

        var authIntOnly = Challenge("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"");
        var value = new DigestClient(() => "cn").Authorize(authIntOnly, Alice, "INVITE", "sip:b@r", body);
        Assert.Contains("qop=auth-int", value);
    }

    [Fact]
    public void Secrets_are_not_printed()
    {
        Assert.DoesNotContain("s3cret", Alice.ToString());
        Assert.DoesNotContain("s3cret", new DigestInput(DigestAlgorithm.Md5, "a", "r", "s3cret", "M", "u", "n").ToString());
    }

    public static TheoryData<DigestAlgorithm, string?> AlgorithmsAndQops()
    {
        var data = new TheoryData<DigestAlgorithm, string?>();
        foreach (var a in Enum.GetValues<DigestAlgorithm>())
        foreach (var qop in new[] { null, "auth", "auth-int" })
            data.Add(a, qop);
        return data;
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndQops))]
    public void Response_from_password_bytes_equals_the_string_computation(DigestAlgorithm algorithm, string? qop)
    {
        // A non-ASCII password: the byte path must encode it as UTF-8 exactly like the string path.
        const string password = "s3cret-\u00fc\u20ac";
        var body = "v=0\r\n"u8.ToArray();
        var cnonce = qop is null && !algorithm.IsSession() ? null : "0a4f113b";
        var nc = qop is null ? null : "00000001";
        var fromString = DigestClient.Response(new DigestInput(algorithm, "alice", "realm.test", password, "REGISTER", "sip:realm.test",
            "dcd98b7102dd2f0e", qop, nc, cnonce, body));
        var fromBytes = DigestClient.Response(algorithm, "alice", "realm.test", System.Text.Encoding.UTF8.GetBytes(password), "REGISTER",
            "sip:realm.test", "dcd98b7102dd2f0e", qop, nc, cnonce, body);
        Assert.Equal(fromString, fromBytes);
    }
}
