using System.Text;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class SipStreamFramerTests
{
    private const string Message = "OPTIONS sip:x SIP/2.0\r\nl: 3\r\n\r\nabc";

    private static SipStreamFramer Framer() => new(maxHeaderBytes: 1024, maxMessageSize: 4096);

    private static void Feed(SipStreamFramer framer, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        bytes.CopyTo(framer.GetWriteMemory(bytes.Length));
        framer.Advance(bytes.Length);
    }

    [Fact]
    public void A_message_is_returned_only_once_its_body_is_complete()
    {
        var framer = Framer();
        Feed(framer, Message[..^1]);
        Assert.Equal(SipStreamFrameKind.NeedMore, framer.Next().Kind);
        Assert.True(framer.MessageInProgress);
        Feed(framer, Message[^1..] + "OPT");

        var frame = framer.Next();
        Assert.Equal(SipStreamFrameKind.Message, frame.Kind);
        Assert.Equal(Message, Encoding.ASCII.GetString(frame.Message!));
        Assert.Equal(SipStreamFrameKind.NeedMore, framer.Next().Kind);
        Assert.Equal(3, framer.Buffered);
    }

    [Fact]
    public void Ping_pong_and_stray_line_breaks_are_told_apart()
    {
        var framer = Framer();
        Feed(framer, "\r\n");
        Assert.Equal(SipStreamFrameKind.NeedMore, framer.Next().Kind); // could still become a ping
        Assert.False(framer.MessageInProgress);
        Feed(framer, "\r\n\r\n" + Message);
        Assert.Equal(SipStreamFrameKind.Ping, framer.Next().Kind);
        Assert.Equal(SipStreamFrameKind.Message, framer.Next().Kind); // the lone CRLF after the ping is skipped
        Assert.Equal(SipStreamFrameKind.NeedMore, framer.Next().Kind);
        Assert.Equal(0, framer.Buffered);
    }

    [Theory]
    [InlineData("Content-Length: 12\r\n", 12)]
    [InlineData("content-length :7\r\n", 7)]
    [InlineData("L:  0  \r\n", 0)]
    [InlineData("Content-Length: 4\r\nl: 4\r\n", 4)]
    public void Content_length_is_read_in_long_and_compact_forms(string lines, int expected)
    {
        var section = Encoding.ASCII.GetBytes("INVITE sip:x SIP/2.0\r\nVia: v\r\n" + lines + "\r\n");
        Assert.True(SipStreamFramer.TryContentLength(section, out var length, out var error), error);
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData("Content-Length: 1x\r\n")]
    [InlineData("Content-Length: \r\n")]
    [InlineData("Content-Length: 1\r\nContent-Length: 2\r\n")]
    [InlineData("Content-Length: 1234567890\r\n")]
    [InlineData("Content-Lengthy: 1\r\n")]
    public void A_bad_or_missing_content_length_is_an_error(string lines)
    {
        var section = Encoding.ASCII.GetBytes("INVITE sip:x SIP/2.0\r\n" + lines + "\r\n");
        Assert.False(SipStreamFramer.TryContentLength(section, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_header_section_over_its_bound_is_an_error_before_its_end_arrives()
    {
        var framer = Framer();
        Feed(framer, "OPTIONS sip:x SIP/2.0\r\n");
        for (var i = 0; i < 40; i++) Feed(framer, "X-Filler: " + new string('a', 30) + "\r\n");
        var frame = framer.Next();
        Assert.Equal(SipStreamFrameKind.Error, frame.Kind);
        Assert.Contains("header section", frame.Error);
    }

    [Fact]
    public void Control_bytes_in_the_start_line_are_an_error_at_once()
    {
        var framer = Framer();
        Feed(framer, "GET \u0001\u0002");
        Assert.Equal(SipStreamFrameKind.Error, framer.Next().Kind);
    }

    [Fact]
    public void A_body_over_the_message_bound_is_an_error()
    {
        var framer = Framer();
        Feed(framer, "OPTIONS sip:x SIP/2.0\r\nContent-Length: 5000\r\n\r\n");
        Assert.Equal(SipStreamFrameKind.Error, framer.Next().Kind);
    }
}
