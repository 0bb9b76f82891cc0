using ActorSip.Benchmarks;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Tests.Parsing;

/// <summary>
/// Issue 7, P5: parsing a REGISTER allocates at most 1 KB. Bytes are counted, never timed: what one parse allocates
/// on this thread is deterministic once the one-time initialisation has run, and it is the same in Debug and
/// Release (the parser avoids the library calls that allocate only while precompiled code runs).
/// </summary>
public sealed class ParseAllocationTests
{
    private const long Budget = 1024;

    public static TheoryData<string> Messages => ["REGISTER", "401", "200"];

    [Theory]
    [MemberData(nameof(Messages))]
    public void One_parse_allocates_at_most_1_KB(string which)
    {
        var bytes = which switch
        {
            "REGISTER" => SampleMessages.Register,
            "401" => SampleMessages.Unauthorized,
            _ => SampleMessages.Ok,
        };
        // Warm-up: static tables, the thread's parameter scratch list, first-call stubs.
        for (var i = 0; i < 3; i++) Parse(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = Parse(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated <= Budget, $"parsing the sample {which} allocated {allocated} bytes, budget {Budget}");
        // The typed views are still there, built on first access.
        Assert.Equal("z9hG4bK776asdhds", message.TopVia?.Branch);
        Assert.Equal("456248", message.From?.Tag);
        Assert.Equal("example1.com", message.To?.Uri.Host);
    }

    private static SipMessage Parse(byte[] bytes)
    {
        Assert.True(SipMessageParser.TryParse(bytes, SipParseOptions.Datagram, out var message, out var error), error?.ToString());
        return message;
    }
}
