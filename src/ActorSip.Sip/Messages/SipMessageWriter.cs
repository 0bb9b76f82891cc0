using System.Buffers;
using System.Text;

namespace ActorSip.Sip.Messages;

/// <summary>
/// Message to wire bytes: the start line, each header as <c>Name: value</c> in order (folding removed, known
/// headers under their canonical long name), then Content-Length equal to the body, the empty line and the body.
/// Values that came off the wire unchanged are copied as bytes, without a string in between.
/// </summary>
public static class SipMessageWriter
{
    public static byte[] ToBytes(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        var start = new StringBuilder(96);
        message.AppendStartLine(start);
        WriteUtf8(output, start.ToString());
        WriteAscii(output, "\r\n"u8);

        var headers = message.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers.IdAt(i) == HeaderId.ContentLength) continue;
            WriteUtf8(output, headers.NameAt(i));
            WriteAscii(output, ": "u8);
            if (headers.TryGetRawValue(i, out var raw, out var folded) && !folded) WriteAscii(output, raw);
            else WriteUtf8(output, headers.ValueAt(i));
            WriteAscii(output, "\r\n"u8);
        }
        WriteAscii(output, "Content-Length: "u8);
        WriteUtf8(output, message.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteAscii(output, "\r\n\r\n"u8);
        WriteAscii(output, message.Body.Span);
    }

    private static void WriteAscii(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
