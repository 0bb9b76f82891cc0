using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;
using BenchmarkDotNet.Attributes;

namespace ActorSip.Benchmarks;

/// <summary>Parse (with validation of Via, From, To, CSeq, Call-ID, Contact) of the three messages of a registration.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    [Benchmark]
    public SipMessage ParseRegister() => Parse(SampleMessages.Register);

    [Benchmark]
    public SipMessage Parse401() => Parse(SampleMessages.Unauthorized);

    [Benchmark]
    public SipMessage Parse200() => Parse(SampleMessages.Ok);

    private static SipMessage Parse(byte[] bytes) =>
        SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var message, out var error)
            ? message
            : throw new InvalidOperationException(error.ToString());
}
