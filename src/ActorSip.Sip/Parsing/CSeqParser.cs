using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>CSeq = 1*DIGIT LWS Method, the number below 2^31 by RFC 3261 §8.1.1.5 but accepted up to 2^32-1 (§20.16).</summary>
public static class CSeqParser
{
    public static bool TryParse(ReadOnlySpan<char> value, out CSeqHeader cseq, out string error)
    {
        cseq = default;
        var s = new SipScanner(value);
        s.SkipWhitespace();
        var digits = s.Take(SipGrammar.Digits);
        if (!SipGrammar.TryParseUInt32(digits, out var number))
        {
            error = digits.IsEmpty ? "CSeq has no sequence number" : "CSeq number out of range (max 4294967295)";
            return false;
        }
        var before = s.Position;
        s.SkipWhitespace();
        var method = s.Take(SipGrammar.Token);
        s.SkipWhitespace();
        if (s.Position == before || method.IsEmpty || !s.AtEnd)
        {
            error = "CSeq must be a number and a method";
            return false;
        }
        cseq = new CSeqHeader(number, SipMethods.Intern(method));
        error = "";
        return true;
    }
}
