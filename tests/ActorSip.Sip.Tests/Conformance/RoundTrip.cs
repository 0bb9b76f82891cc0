using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Tests.Conformance;

/// <summary>Serialize → parse gives an equivalent message, and serializing that again gives the same bytes.</summary>
public static class RoundTrip
{
    public static void AssertEquivalent(SipMessage original)
    {
        var bytes = original.ToBytes();
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Stream, out var again, out var error),
            $"re-parse of the serialized message failed: {error}");
        Assert.Equal(original.IsRequest, again.IsRequest);
        if (original is SipRequest r1 && again is SipRequest r2)
        {
            Assert.Equal(r1.Method, r2.Method);
            Assert.Equal(r1.RequestUri, r2.RequestUri);
        }
        if (original is SipResponse s1 && again is SipResponse s2)
        {
            Assert.Equal(s1.StatusCode, s2.StatusCode);
            Assert.Equal(s1.ReasonPhrase, s2.ReasonPhrase);
        }
        var h1 = original.Headers.Where(h => h.Id != HeaderId.ContentLength).ToList();
        var h2 = again.Headers.Where(h => h.Id != HeaderId.ContentLength).ToList();
        Assert.Equal(h1.Count, h2.Count);
        for (var i = 0; i < h1.Count; i++)
        {
            Assert.Equal(h1[i].Id, h2[i].Id);
            Assert.Equal(h1[i].Name, h2[i].Name, ignoreCase: true);
            Assert.Equal(h1[i].Value, h2[i].Value);
        }
        Assert.Equal(original.Body.ToArray(), again.Body.ToArray());
        Assert.Equal(original.Vias, again.Vias);
        Assert.Equal(original.From, again.From);
        Assert.Equal(original.To, again.To);
        Assert.Equal(original.CSeq, again.CSeq);
        Assert.Equal(bytes, again.ToBytes());
    }
}
