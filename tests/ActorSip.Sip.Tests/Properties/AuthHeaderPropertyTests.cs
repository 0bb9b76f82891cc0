using System.Text;
using ActorSip.Sip.Auth;
using ActorSip.Sip.Messages;
using CsCheck;

namespace ActorSip.Sip.Tests.Properties;

/// <summary>The auth header parser: generated challenges/credentials parse back to the same scheme and parameters,
/// and any string at all gives either a header or an error text, never an exception.</summary>
public sealed class AuthHeaderPropertyTests
{
    private const long Iterations = 5_000;
    private const int Seconds = 1;

    private static readonly Gen<AuthParameter> Parameter =
        Gen.Select(SipGenerators.Token, Gen.Bool, Gen.String[Gen.Char[' ', '~'], 0, 30], SipGenerators.Token,
            (name, quoted, text, token) => quoted ? new AuthParameter(name, text, true) : new AuthParameter(name, token, false));

    private static readonly Gen<AuthHeader> Header =
        Gen.Select(Gen.OneOf(Gen.Const("Digest"), SipGenerators.Token), Parameter.Array[1, 12],
            (scheme, parameters) => new AuthHeader(scheme, parameters));

    private static string Write(AuthHeader header)
    {
        var sb = new StringBuilder(header.Scheme).Append(' ');
        for (var i = 0; i < header.Parameters.Count; i++)
        {
            var p = header.Parameters[i];
            if (i > 0) sb.Append(", ");
            sb.Append(p.Name).Append('=');
            if (p.Quoted) NameAddress.AppendQuoted(sb, p.Value);
            else sb.Append(p.Value);
        }
        return sb.ToString();
    }

    [Fact]
    public void Generated_headers_round_trip()
    {
        Header.Sample(header =>
        {
            var text = Write(header);
            Assert.True(AuthHeaderParser.TryParse(text, out var parsed, out var error), $"{text}: {error}");
            Assert.Equal(header.Scheme, parsed.Scheme);
            Assert.Equal(header.Parameters, parsed.Parameters);
        }, iter: Iterations, time: Seconds);
    }

    [Fact]
    public void Several_challenges_in_one_value_are_all_returned()
    {
        Header.Array[1, 4].Sample(headers =>
        {
            var list = new List<AuthHeader>();
            var text = string.Join(", ", headers.Select(Write));
            Assert.True(AuthHeaderParser.TryParseAll(text, list, out var error), $"{text}: {error}");
            Assert.Equal(headers.Select(h => h.Scheme), list.Select(h => h.Scheme));
            Assert.Equal(headers.SelectMany(h => h.Parameters), list.SelectMany(h => h.Parameters));
        }, iter: Iterations, time: Seconds);
    }

    [Fact]
    public void Arbitrary_strings_give_a_header_or_an_error()
    {
        var printable = Gen.String[Gen.Char[' ', '~'], 0, 200];
        var mutated = Gen.Select(Header.Select(Write), Gen.Int, Gen.Char, (text, at, c) =>
            text.Length == 0 ? text : text.Remove((int)((uint)at % (uint)text.Length), 1).Insert((int)((uint)at % (uint)text.Length), c.ToString()));
        Gen.OneOf(Gen.String, printable, mutated).Sample(text =>
        {
            var list = new List<AuthHeader>();
            if (!AuthHeaderParser.TryParseAll(text, list, out var error)) Assert.False(string.IsNullOrEmpty(error));
            if (!AuthHeaderParser.TryParse(text, out _, out error)) Assert.False(string.IsNullOrEmpty(error));
        }, iter: Iterations, time: Seconds);
    }
}
