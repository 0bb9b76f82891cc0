using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Tests.Conformance;

/// <summary>RFC 5118 IPv6 torture messages, wire-format copies (crlf/), classified as INDEX.tsv says.</summary>
public sealed class Rfc5118Tests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var c in TortureCase.Load("conformance", "rfc5118", "INDEX.tsv")) data.Add(c.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_is_classified_as_the_index_says(string file)
    {
        var row = TortureCase.Load("conformance", "rfc5118", "INDEX.tsv").Single(c => c.File == file);
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc5118", "crlf", file));
        var accepted = SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var message, out var error);
        if (row.Expected == "parse-ok")
        {
            Assert.True(accepted, $"{file} ({row.Section}) should parse: {error}");
            RoundTrip.AssertEquivalent(message!);
        }
        else
        {
            Assert.Equal("parse-reject", row.Expected);
            Assert.False(accepted, $"{file} should be rejected");
            Assert.Equal(400, error!.SuggestedStatus);
        }
    }

    private static SipMessage Parse(string file)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("conformance", "rfc5118", "crlf", file));
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var m, out var e), e?.ToString());
        return m;
    }

    [Fact]
    public void Port_inside_the_brackets_is_part_of_the_address()
    {
        var uri = ((SipRequest)Parse("port-ambiguous")).RequestUri;
        Assert.Equal("[2001:db8::10:5070]", uri.Host);
        Assert.Null(uri.Port);
        var unambiguous = ((SipRequest)Parse("port-unambiguous")).RequestUri;
        Assert.Equal("[2001:db8::10]", unambiguous.Host);
        Assert.Equal(5070, unambiguous.Port);
    }

    [Fact]
    public void Received_is_accepted_with_and_without_brackets()
    {
        Assert.Equal("[2001:db8::9:255]", Parse("via-received-param-with-delim").TopVia!.Received);
        Assert.Equal("2001:db8::9:255", Parse("via-received-param-no-delim").TopVia!.Received);
    }

    [Fact]
    public void Three_colon_reference_is_tolerated()
    {
        Assert.Equal("[2001:db8:::192.0.2.1]", ((SipRequest)Parse("ipv6-bug-abnf-3-colons")).RequestUri.Host);
    }
}
