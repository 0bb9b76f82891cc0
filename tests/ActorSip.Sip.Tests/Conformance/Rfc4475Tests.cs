using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Tests.Conformance;

/// <summary>
/// Every RFC 4475 torture message, delivered as one UDP datagram, classified as INDEX.tsv says. For the
/// "per RFC note" rows the RFC allows more than one outcome; <see cref="PerRfcNote"/> records ours and why.
/// </summary>
public sealed class Rfc4475Tests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var c in TortureIndex()) data.Add(c.File);
        return data;
    }

    private static IReadOnlyList<TortureCase> TortureIndex() => TortureCase.Load("conformance", "rfc4475", "INDEX.tsv");

    /// <summary>Our choice among the outcomes the RFC allows: true = accept, false = reject.</summary>
    internal static readonly Dictionary<string, bool> PerRfcNote = new()
    {
        ["quotbal.dat"] = false,  // guessing where the quote closes is how headers get misread: 400
        ["ltgtruri.dat"] = false, // '<' cannot start a Request-URI scheme: 400
        ["lwsruri.dat"] = false,  // the extra element breaks the three-part request line: 400
        ["lwsstart.dat"] = false, // one SP exactly between request-line elements: 400
        ["trws.dat"] = false,     // nothing may follow SIP/2.0: 400
        ["escruri.dat"] = true,   // '?headers' is legal SIP-URI syntax; a registrar client never forwards them
        ["baddate.dat"] = true,   // Date plays no part in processing, so it is kept verbatim and ignored
        ["regbadct.dat"] = false, // RFC 3261 §20: a URI with '?' must be in angle brackets: 400
        ["badaspec.dat"] = false, // no white space inside '<' '>' in the ABNF: 400
        ["baddn.dat"] = false,    // unquoted display names must be tokens; and no empty line ends the headers
        ["badbranch.dat"] = true, // well-formed; the transaction layer treats a bare cookie as an RFC 2543 branch
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_is_classified_as_the_index_says(string file)
    {
        var row = TortureIndex().Single(c => c.File == file);
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", file));
        var accepted = SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var message, out var error);

        var expectAccept = row.Expected switch
        {
            "parse-ok" => true,
            "parse-reject" => false,
            "per RFC note" => PerRfcNote[file],
            _ => throw new InvalidOperationException(row.Expected),
        };
        if (expectAccept)
        {
            Assert.True(accepted, $"{file} ({row.Section}) should parse: {error}");
            RoundTrip.AssertEquivalent(message!);
        }
        else
        {
            Assert.False(accepted, $"{file} ({row.Section}) should be rejected");
            Assert.False(string.IsNullOrWhiteSpace(error!.Message));
        }
    }

    [Fact]
    public void Every_per_rfc_note_row_has_a_recorded_choice()
    {
        var notes = TortureIndex().Where(c => c.Expected == "per RFC note").Select(c => c.File).Order().ToList();
        Assert.Equal(notes, PerRfcNote.Keys.Order().ToList());
    }

    private static SipMessage Parse(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", file));
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var m, out var e), e?.ToString());
        return m;
    }

    private static SipParseError Reject(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc4475", file));
        Assert.False(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out _, out var e));
        return e!;
    }

    [Fact]
    public void Wsinv_folding_and_lws_are_understood()
    {
        var m = (SipRequest)Parse("wsinv.dat");
        Assert.Equal("INVITE", m.Method);
        Assert.Equal(new CSeqHeader(9, "INVITE"), m.CSeq);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal("J Rosenberg \\\"", m.From!.DisplayName);
        Assert.Equal("98asjd8", m.From.Tag);
        Assert.Equal("1918181833n", m.To!.Tag);
        Assert.Equal(3, m.Vias.Count);
        Assert.Equal("TCP", m.Vias[1].Transport);
        Assert.Equal("z9hG4bK30239", m.Vias[2].Branch);
        Assert.Equal("newfangled value continued newfangled value", m.Headers["NewFangledHeader"]);
        Assert.Equal("", m.Headers["Subject"]);
        Assert.Equal("0.33", m.Contact!.Addresses[0].Parameters.Get("q"));
        Assert.Equal(150, m.Body.Length);
    }

    [Fact]
    public void Intmeth_keeps_unusual_tokens_and_quoted_pairs()
    {
        var m = (SipRequest)Parse("intmeth.dat");
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7f", m.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal("\"работающий\"", m.From.Parameters[0].Value);
    }

    [Fact]
    public void Escaped_and_literal_percent_are_told_apart()
    {
        var esc01 = (SipRequest)Parse("esc01.dat");
        Assert.Equal("sips:user@example.com", esc01.RequestUri.UserUnescaped);
        Assert.Equal("user", esc01.To!.Uri.UserUnescaped);

        var nul = Parse("escnull.dat");
        var contacts = nul.Contact!.Addresses;
        Assert.Equal(2, contacts.Count);
        Assert.Equal("\0", contacts[0].Uri.UserUnescaped);
        Assert.Equal("\0\0", contacts[1].Uri.UserUnescaped);

        var esc02 = (SipRequest)Parse("esc02.dat");
        Assert.Equal("RE%47IST%45R", esc02.Method);
        Assert.NotEqual(SipMethods.Register, esc02.Method);
        Assert.Equal(2, esc02.Contact!.Addresses.Count); // C%6Fntact is an unknown header, not a third Contact
        Assert.Equal("<sip:alias2@host2.example.com>", esc02.Headers["C%6Fntact"]);
    }

    [Fact]
    public void Datagram_framing_follows_content_length()
    {
        var dbl = (SipRequest)Parse("dblreq.dat");
        Assert.Equal(SipMethods.Register, dbl.Method);
        Assert.Equal(0, dbl.Body.Length);

        var inv2543 = Parse("inv2543.dat");
        Assert.Null(inv2543.ContentLength);
        Assert.StartsWith("v=0", System.Text.Encoding.ASCII.GetString(inv2543.Body.Span));
        Assert.False(inv2543.TopVia!.HasRfc3261Branch);

        var mpart = Parse("mpart01.dat");
        Assert.Equal(mpart.ContentLength, mpart.Body.Length);
    }

    [Fact]
    public void Uri_and_header_parameters_are_assigned_correctly()
    {
        var semi = (SipRequest)Parse("semiuri.dat");
        Assert.Equal("user;par=u@example.net", semi.RequestUri.UserUnescaped);
        Assert.Empty(semi.RequestUri.Parameters);

        var c1 = Parse("cparam01.dat").Contact!.Addresses[0];
        Assert.True(c1.Parameters.Has("unknownparam"));
        Assert.False(c1.Uri.Parameters.Has("unknownparam"));

        var c2 = Parse("cparam02.dat").Contact!.Addresses[0];
        Assert.True(c2.Uri.Parameters.Has("unknownparam"));
        Assert.False(c2.Parameters.Has("unknownparam"));

        var rt = Parse("regescrt.dat").Contact!.Addresses[0];
        Assert.Equal("%3Csip:sip.example.com%3E", rt.Uri.Headers.Get("Route"));
    }

    [Fact]
    public void Long_values_and_many_vias_are_not_truncated()
    {
        var m = Parse("longreq.dat");
        Assert.Equal(34, m.Vias.Count);
        Assert.True(m.From!.Uri.User!.Length > 100);
        Assert.True(m.From.Tag!.Length > 100);
    }

    [Fact]
    public void Unknown_schemes_and_transports_parse()
    {
        Assert.Equal(SipUriKind.Other, ((SipRequest)Parse("unkscm.dat")).RequestUri.Kind);
        Assert.Equal("soap.beep", ((SipRequest)Parse("novelsc.dat")).RequestUri.Scheme);
        var unksm2 = Parse("unksm2.dat");
        Assert.Equal("isbn", unksm2.To!.Uri.Scheme);
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], Parse("transports.dat").Vias.Select(v => v.Transport));
    }

    [Fact]
    public void Responses_with_odd_reason_phrases_parse()
    {
        var noreason = (SipResponse)Parse("noreason.dat");
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal("", noreason.ReasonPhrase);
        var unreason = (SipResponse)Parse("unreason.dat");
        Assert.Equal(200, unreason.StatusCode);
        Assert.Contains("=", unreason.ReasonPhrase);
    }

    [Theory]
    [InlineData("badvers.dat", SipParseErrorCode.VersionNotSupported, 505)]
    [InlineData("mismatch01.dat", SipParseErrorCode.MethodMismatch, 400)]
    [InlineData("mismatch02.dat", SipParseErrorCode.MethodMismatch, 400)]
    [InlineData("bigcode.dat", SipParseErrorCode.BadStatusCode, 400)]
    [InlineData("insuf.dat", SipParseErrorCode.MissingHeader, 400)]
    [InlineData("multi01.dat", SipParseErrorCode.DuplicateHeader, 400)]
    [InlineData("mcl01.dat", SipParseErrorCode.DuplicateHeader, 400)]
    [InlineData("clerr.dat", SipParseErrorCode.BodyTruncated, 400)]
    [InlineData("ncl.dat", SipParseErrorCode.BadContentLength, 400)]
    [InlineData("scalar02.dat", SipParseErrorCode.BadHeaderValue, 400)]
    [InlineData("scalarlg.dat", SipParseErrorCode.BadHeaderValue, 400)]
    [InlineData("badinv01.dat", SipParseErrorCode.BadHeaderValue, 400)]
    public void Rejections_say_why(string file, SipParseErrorCode code, int status)
    {
        var error = Reject(file);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.SuggestedStatus);
    }

    [Fact]
    public void Header_errors_name_their_line()
    {
        var error = Reject("scalar02.dat");
        Assert.Equal(5, error.Line); // "CSeq: 36893488147419103232 REGISTER" is the fifth line
        Assert.Contains("CSeq", error.Message);
    }
}
