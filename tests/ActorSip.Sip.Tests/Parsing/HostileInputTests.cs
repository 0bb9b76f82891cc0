using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using ActorSip.Sip.Tests.Conformance;

namespace ActorSip.Sip.Tests.Parsing;

/// <summary>
/// Whatever the bytes, the parser answers with a message or a typed error: no exception, no hang.
/// Mutations of the torture messages reach deep into the header grammar; a fixed seed keeps failures reproducible.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly byte[][] Seeds = TortureCase.Load("conformance", "rfc4475", "INDEX.tsv")
        .Select(c => File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", c.File)))
        .ToArray();

    [Fact]
    public void Mutated_messages_never_throw()
    {
        var random = new Random(4475);
        var accepted = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = Mutate(Seeds[random.Next(Seeds.Length)], random);
            foreach (var options in new[] { SipParseOptions.Datagram, SipParseOptions.Stream })
            {
                if (SipMessageParser.TryParse(bytes, options, out var message, out var error))
                {
                    accepted++;
                    // What is accepted must also serialize and be read back.
                    Assert.True(SipMessageParser.TryParse(message.ToBytes(), SipParseOptions.Stream, out _, out var again), again?.ToString());
                    _ = message.Vias; _ = message.Contact; _ = message.Expires; _ = message.RetryAfter;
                }
                else
                {
                    Assert.False(string.IsNullOrEmpty(error.Message));
                }
            }
        }
        Assert.InRange(accepted, 1, 39_999); // both outcomes occur, so the mutations are neither trivial nor fatal
    }

    [Fact]
    public void Random_bytes_are_rejected_with_a_typed_error()
    {
        var random = new Random(3261);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            Assert.False(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out _, out var error));
            Assert.True(Enum.IsDefined(error.Code));
        }
    }

    [Fact]
    public void Size_limits_are_enforced_with_clear_errors()
    {
        var big = new byte[70_000];
        Array.Fill(big, (byte)'A');
        Assert.False(SipMessageParser.TryParse(big, SipParseOptions.Datagram, out _, out var e1));
        Assert.Equal(SipParseErrorCode.TooLarge, e1.Code);
        Assert.Equal(513, e1.SuggestedStatus);

        var longLine = "OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('x', 9000) + "\r\n\r\n";
        Assert.False(SipMessageParser.TryParse(System.Text.Encoding.ASCII.GetBytes(longLine), SipParseOptions.Datagram, out _, out var e2));
        Assert.Equal(SipParseErrorCode.LineTooLong, e2.Code);
        Assert.Equal(2, e2.Line);

        var flood = new System.Text.StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        for (var i = 0; i < 300; i++) flood.Append("X-H: ").Append(i).Append("\r\n");
        Assert.False(SipMessageParser.TryParse(System.Text.Encoding.ASCII.GetBytes(flood + "\r\n"), SipParseOptions.Datagram, out _, out var e3));
        Assert.Equal(SipParseErrorCode.TooManyHeaders, e3.Code);
    }

    [Fact]
    public void Stream_framing_requires_content_length()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", "inv2543.dat"));
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out _, out _));
        Assert.False(SipMessageParser.TryParse(bytes, SipParseOptions.Stream, out _, out var error));
        Assert.Equal(SipParseErrorCode.BadContentLength, error.Code);
    }

    [Fact]
    public void Keepalive_crlf_is_empty_not_a_message()
    {
        Assert.False(SipMessageParser.TryParse("\r\n\r\n"u8.ToArray(), SipParseOptions.Datagram, out _, out var error));
        Assert.Equal(SipParseErrorCode.Empty, error.Code);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40))); break;
                case 4:
                    var from = random.Next(bytes.Count);
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Min(20, bytes.Count - from)));
                    break;
                default: bytes.RemoveRange(at, bytes.Count - at); break; // truncation
            }
        }
        return bytes.ToArray();
    }

    private static readonly byte[] Interesting = "\r\n \t:;,<>\"\\%@[]=?&/0123456789"u8.ToArray();
}
