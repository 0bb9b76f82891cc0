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

    /// <summary>Parse, then read what the transaction layer and the registration agent read: the typed views are
    /// built on first access, so this shows what parsing saves is not simply paid later.</summary>
    [Benchmark]
    public int ParseRegisterReadViews()
    {
        var message = (SipRequest)Parse(SampleMessages.Register);
        return message.TopVia!.Branch!.Length + message.From!.Tag!.Length + message.To!.Uri.Host.Length
               + message.Contact!.Addresses[0].Uri.Host.Length + (int)message.CSeq!.Value.Number + message.RequestUri.Host.Length;
    }

    private static SipMessage Parse(byte[] bytes) =>
        SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var message, out var error)
            ? message
            : throw new InvalidOperationException(error.ToString());
}
