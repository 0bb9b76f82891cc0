using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using ActorSip.Sip.Tests.Conformance;
using CsCheck;

namespace ActorSip.Sip.Tests.Properties;

/// <summary>
/// Properties of the parser over generated input (CsCheck, bounded to a couple of seconds each): what the writer
/// produces parses back to an equal message, and no input at all makes the parser throw. A failure prints the
/// CsCheck seed that reproduces it (<c>Sample(..., seed: "...")</c>).
/// </summary>
public sealed class ParserPropertyTests
{
    private const long Iterations = 3_000;
    private const int Seconds = 2;

    private static readonly byte[][] Seeds = TortureCase.Load("conformance", "rfc4475", "INDEX.tsv")
        .Select(c => File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", c.File)))
        .ToArray();

    [Fact]
    public void Generated_requests_round_trip()
    {
        SipGenerators.Request.Sample(request =>
        {
            AssertParsesBackEqual(request);
            var again = Parse(request.ToBytes());
            var r = Assert.IsType<SipRequest>(again);
            Assert.Equal(request.Method, r.Method);
            Assert.Equal(request.RequestUri, r.RequestUri);
            Assert.Equal(request.From, r.From);
            Assert.Equal(request.To, r.To);
            Assert.Equal(request.CSeq, r.CSeq);
            Assert.Equal(request.Expires, r.Expires);
        }, iter: Iterations, time: Seconds);
    }

    [Fact]
    public void Generated_responses_round_trip()
    {
        SipGenerators.Response.Sample(response =>
        {
            AssertParsesBackEqual(response);
            var again = Assert.IsType<SipResponse>(Parse(response.ToBytes()));
            Assert.Equal(response.StatusCode, again.StatusCode);
            Assert.Equal(response.ReasonPhrase, again.ReasonPhrase);
            Assert.Equal(response.RetryAfter, again.RetryAfter);
        }, iter: Iterations, time: Seconds);
    }

    [Fact]
    public void Arbitrary_bytes_give_a_message_or_a_typed_error()
    {
        Gen.Byte.Array[0, 2048].Sample(AssertTotal, iter: Iterations, time: Seconds);
    }

    [Fact]
    public void Mutated_valid_messages_give_a_message_or_a_typed_error()
    {
        var seeds = Gen.OneOf(Gen.Int[0, Seeds.Length - 1].Select(i => Seeds[i]), SipGenerators.Request.Select(r => r.ToBytes()),
            SipGenerators.Response.Select(r => r.ToBytes()));
        Gen.Select(seeds, Gen.Int.Array[1, 8], Gen.Byte.Array[1, 8], Mutate)
            .Sample(AssertTotal, iter: Iterations, time: Seconds);
    }

    private static void AssertTotal(byte[] bytes)
    {
        foreach (var options in new[] { SipParseOptions.Datagram, SipParseOptions.Stream })
        {
            // Any exception escaping TryParse fails the property with its CsCheck seed.
            if (SipMessageParser.TryParse(bytes, options, out var message, out var error))
            {
                // What is accepted is fully usable: the typed accessors and the writer do not throw either.
                _ = message.Vias; _ = message.From; _ = message.To; _ = message.CSeq; _ = message.Contact;
                _ = message.Expires; _ = message.RetryAfter; _ = message.ToBytes();
            }
            else
            {
                Assert.True(Enum.IsDefined(error.Code));
                Assert.False(string.IsNullOrEmpty(error.Message));
            }
        }
    }

    /// <summary>Overwrites, deletes or inserts a few bytes at positions chosen by <paramref name="positions"/>.</summary>
    private static byte[] Mutate(byte[] seed, int[] positions, byte[] values)
    {
        var bytes = new List<byte>(seed);
        for (var i = 0; i < positions.Length; i++)
        {
            var value = values[i % values.Length];
            var at = bytes.Count == 0 ? 0 : (int)((uint)positions[i] % (uint)bytes.Count);
            switch ((uint)positions[i] % 3)
            {
                case 0 when bytes.Count > 0: bytes[at] = value; break;
                case 1 when bytes.Count > 0: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, value); break;
            }
        }
        return [.. bytes];
    }

    private static SipMessage Parse(byte[] bytes)
    {
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Stream, out var message, out var error), error?.ToString());
        return message;
    }

    private static void AssertParsesBackEqual(SipMessage message) => RoundTrip.AssertEquivalent(message);
}
