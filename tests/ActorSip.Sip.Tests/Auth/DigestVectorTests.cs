using System.Text;
using ActorSip.Sip.Auth;

namespace ActorSip.Sip.Tests.Auth;

public sealed class DigestVectorTests
{
    [Theory]
    [MemberData(nameof(DigestVector.Ids), MemberType = typeof(DigestVector))]
    public void Vector_reproduces_with_fips_hashes(string id)
    {
        var v = DigestVector.All().Single(x => x.Id == id);
        var response = DigestClient.Response(v.Input());
        if (v.Verified)
        {
            Assert.Equal(v.ExpectedResponse, response);
            if (v.UserHash)
                Assert.Equal(v.ExpectedUsernameHash, DigestClient.UserHash(v.Input().Algorithm, v.Username, v.Realm));
        }
        else
        {
            // RFC 7616 §3.9.2 printed values computed with truncated SHA-512, not FIPS SHA-512/256: a correct
            // implementation must NOT reproduce them (the derived vector carries the FIPS values, checked above).
            Assert.NotEqual(v.ExpectedResponse, response);
            var fips = DigestVector.All().Single(x => x.Id == "rfc7616-3.9.2-inputs-fips-sha512-256");
            Assert.Equal(fips.ExpectedResponse, response);
        }
    }

    [Theory]
    [MemberData(nameof(DigestVector.Ids), MemberType = typeof(DigestVector))]
    public void Authorization_built_from_the_printed_challenge_carries_the_vector_response(string id)
    {
        var v = DigestVector.All().Single(x => x.Id == id);
        if (!v.Verified) v = DigestVector.All().Single(x => x.Id == "rfc7616-3.9.2-inputs-fips-sha512-256");
        var header = DigestChallenge.ChooseStrongest([v.Challenge], proxy: false);
        Assert.NotNull(header);
        var client = new DigestClient(() => v.Cnonce);
        // The vectors name the algorithm even where the printed challenge leaves it implicit.
        Assert.True(DigestAlgorithms.TryParse(v.Algorithm, out var algorithm));
        var challenge = header with { Algorithm = algorithm, UserHash = v.UserHash };
        var value = client.Authorize(challenge, new DigestCredentials(v.Username, v.Password), v.Method, v.Uri);
        Assert.True(AuthHeaderParser.TryParse(value, out var parsed, out var error), error);
        Assert.Equal(v.ExpectedResponse, parsed.Get("response"));
        Assert.Equal(v.Nc, parsed.Get("nc"));
        Assert.Equal(v.Opaque, parsed.Get("opaque"));
        Assert.Equal("auth", parsed.Get("qop"));
        Assert.Equal(v.UserHash ? v.ExpectedUsernameHash : v.Username, parsed.Get("username"));
    }

    [Theory]
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    public void Sha512_256_matches_nist_examples(string input, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Sha512_256.HashData(Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void Sha512_256_handles_every_padding_length()
    {
        // Lengths around the 112/128-byte padding boundary hash without error and all differently.
        var seen = new HashSet<string>();
        for (var n = 100; n < 260; n++) Assert.True(seen.Add(Convert.ToHexString(Sha512_256.HashData(new byte[n]))));
    }
}
