using System.Text;
using ActorSip.Sip.Auth;
using ActorSip.Sip.Parsing;
using SharpFuzz;

// One AFL target per parser. The parsers promise a typed error for any input, so any exception escaping them is
// a finding: SharpFuzz reports it to afl-fuzz as a crash. Also accepts a file path to replay one input.
var target = args.Length > 0 ? args[0] : "";
Action<byte[]> run = target switch
{
    "sip" => SipTarget,
    "auth" => AuthTarget,
    _ => null!,
};
if (run is null)
{
    Console.Error.WriteLine("usage: ActorSip.Fuzz sip|auth [INPUT-FILE]   (without INPUT-FILE: run under afl-fuzz)");
    return 2;
}
if (args.Length > 1)
{
    run(File.ReadAllBytes(args[1]));
    Console.WriteLine("ok");
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
});
return 0;

static void SipTarget(byte[] bytes)
{
    foreach (var options in new[] { SipParseOptions.Datagram, SipParseOptions.Stream })
    {
        if (!SipMessageParser.TryParse(bytes, options, out var message, out _)) continue;
        // An accepted message must be usable: typed accessors, then write and parse again.
        _ = message.Vias; _ = message.From; _ = message.To; _ = message.CSeq; _ = message.Contact;
        _ = message.Expires; _ = message.RetryAfter;
        if (!SipMessageParser.TryParse(message.ToBytes(), SipParseOptions.Stream, out _, out var again))
            throw new InvalidOperationException("accepted message does not re-parse after writing: " + again);
    }
}

static void AuthTarget(byte[] bytes)
{
    var text = Encoding.UTF8.GetString(bytes);
    AuthHeaderParser.TryParseAll(text, [], out _);
    if (AuthHeaderParser.TryParse(text, out var header, out _))
    {
        _ = header.Get("realm"); _ = header.Get("nonce"); _ = header.IsDigest;
        if (header.IsDigest) _ = DigestChallenge.TryFrom(header, proxy: false, out _, out _);
    }
}
