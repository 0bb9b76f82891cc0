using ActorSip.Sip.Messages;
using BenchmarkDotNet.Attributes;

namespace ActorSip.Benchmarks;

/// <summary>Writing messages: one read off the wire (values copied as bytes) and one built in code (strings).</summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private SipMessage _parsedRegister = null!;
    private SipMessage _parsed200 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parsedRegister = SipMessage.Parse(SampleMessages.Register);
        _parsed200 = SipMessage.Parse(SampleMessages.Ok);
    }

    [Benchmark]
    public byte[] SerializeParsedRegister() => _parsedRegister.ToBytes();

    [Benchmark]
    public byte[] SerializeParsed200() => _parsed200.ToBytes();

    [Benchmark]
    public byte[] BuildAndSerializeRegister()
    {
        var request = new SipRequest(SipMethods.Register, SipUri.Sip(null, "example1.com"));
        request.Headers
            .Add(HeaderNames.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport")
            .Add(HeaderNames.MaxForwards, "70")
            .Add(HeaderNames.To, "<sip:1111@example1.com>")
            .Add(HeaderNames.From, "<sip:1111@example1.com>;tag=456248")
            .Add(HeaderNames.CallId, "843817637684230@192.0.2.10")
            .Add(HeaderNames.CSeq, "1826 REGISTER")
            .Add(HeaderNames.Contact, "<sip:1111@192.0.2.10:5060>;expires=180")
            .Add(HeaderNames.Expires, "180");
        return request.ToBytes();
    }
}
