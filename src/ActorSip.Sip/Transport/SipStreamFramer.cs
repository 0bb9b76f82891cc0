using System.Buffers;
using System.Text;

namespace ActorSip.Sip.Transport;

/// <summary>
/// Cuts a SIP byte stream into messages (RFC 3261 §18.3): find the end of the header section (CRLFCRLF), read
/// Content-Length (long or compact form; mandatory on streams), wait for that many body octets, and return exactly
/// that slice. CRLFs between messages are skipped, and CRLFCRLF is reported as an RFC 5626 ping. Input that cannot
/// be framed (no or bad Content-Length, a header section or message over its bound, control bytes in the start
/// line) is an error: on a stream nothing after it can be trusted (RFC 4475 §3.1.2.4), so the caller closes.
/// No sockets here, so every case is testable byte by byte.
/// </summary>
internal sealed class SipStreamFramer(int maxHeaderBytes, int maxMessageSize, int maxStartLine = 8_192)
{
    private const byte CR = (byte)'\r', LF = (byte)'\n';

    // Anything below SP except HT, and DEL: never part of a start line, so a sure sign of garbage.
    private static readonly SearchValues<byte> StartLineForbidden =
        SearchValues.Create([.. Enumerable.Range(0, 32).Where(b => b != '\t').Select(b => (byte)b), (byte)127]);

    private byte[] _buffer = new byte[4096];
    private int _start, _end;
    private int _scanned; // offset from _start up to which no CRLFCRLF was found (saves rescanning on slow input)
    private int _total = -1; // length of the current message once its header section has been read

    /// <summary>Bytes buffered and not yet returned.</summary>
    public int Buffered => _end - _start;

    /// <summary>True when part of a message (not just line breaks) is buffered: the slowloris clock is running.</summary>
    public bool MessageInProgress => _end > _start && _buffer[_start] is not (CR or LF);

    /// <summary>Space to read into; call <see cref="Advance"/> with what was read.</summary>
    public Memory<byte> GetWriteMemory(int sizeHint = 4096)
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length - _end < sizeHint)
        {
            var live = _end - _start;
            var target = _buffer;
            if (_buffer.Length - live < sizeHint) target = new byte[Math.Max(_buffer.Length * 2, live + sizeHint)];
            Buffer.BlockCopy(_buffer, _start, target, 0, live);
            _buffer = target;
            _start = 0;
            _end = live;
        }
        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>The next frame, if complete. Call until it returns <see cref="SipStreamFrameKind.NeedMore"/>.</summary>
    public SipStreamFrame Next()
    {
        if (_total < 0)
        {
            var skip = SkipLineBreaks(out var ping);
            if (ping) return SipStreamFrame.Ping;
            if (skip) return SipStreamFrame.NeedMore;
            var header = FindHeaderEnd(out var error);
            if (error is not null) return SipStreamFrame.Fail(error);
            if (header < 0) return SipStreamFrame.NeedMore;
            var span = _buffer.AsSpan(_start, header);
            if (!TryContentLength(span, out var contentLength, out error)) return SipStreamFrame.Fail(error);
            if ((long)header + contentLength > maxMessageSize)
                return SipStreamFrame.Fail($"message of {(long)header + contentLength} octets exceeds the limit of {maxMessageSize}");
            _total = header + contentLength;
        }
        if (_end - _start < _total) return SipStreamFrame.NeedMore;
        var message = _buffer.AsSpan(_start, _total).ToArray();
        _start += _total;
        _total = -1;
        _scanned = 0;
        return new SipStreamFrame(SipStreamFrameKind.Message, message);
    }

    /// <summary>Skips CRLFs before a message. Returns true when only line breaks are buffered (need more input).</summary>
    private bool SkipLineBreaks(out bool ping)
    {
        ping = false;
        var span = _buffer.AsSpan(_start, _end - _start);
        if (span.IsEmpty) return true;
        if (span[0] is not (CR or LF)) return false;
        if (span.StartsWith("\r\n\r\n"u8))
        {
            _start += 4;
            ping = true;
            return false;
        }
        var n = span.IndexOfAnyExcept(CR, LF);
        if (n > 0)
        {
            // A pong (single CRLF) or stray line breaks before the start line (RFC 3261 §7.5).
            _start += n;
            return false;
        }
        // Only line breaks so far: keep a possible start of a ping, drop the rest.
        if (span.Length >= 4 || !"\r\n\r\n"u8.StartsWith(span)) _start = _end;
        return true;
    }

    /// <summary>Length of the header section including its closing CRLFCRLF, -1 if not all here yet.</summary>
    private int FindHeaderEnd(out string? error)
    {
        error = null;
        var span = _buffer.AsSpan(_start, _end - _start);
        var firstLine = span.IndexOf("\r\n"u8);
        var startLine = firstLine >= 0 ? span[..firstLine] : span.Length > 0 && span[^1] == CR ? span[..^1] : span;
        if (startLine.ContainsAny(StartLineForbidden))
        {
            error = "control characters in the start line (not SIP)";
            return -1;
        }
        if (startLine.Length > maxStartLine)
        {
            error = $"start line longer than {maxStartLine} octets";
            return -1;
        }
        var from = Math.Max(0, _scanned - 3);
        var at = span[from..].IndexOf("\r\n\r\n"u8);
        if (at < 0)
        {
            _scanned = span.Length;
            if (span.Length > maxHeaderBytes) error = $"header section longer than {maxHeaderBytes} octets";
            return -1;
        }
        var length = from + at + 4;
        if (length > maxHeaderBytes) error = $"header section longer than {maxHeaderBytes} octets";
        return length;
    }

    /// <summary>Reads Content-Length (or compact <c>l</c>) from a complete header section; it must be present, a plain
    /// decimal, and the same in every copy.</summary>
    internal static bool TryContentLength(ReadOnlySpan<byte> headerSection, out int length, out string error)
    {
        length = -1;
        error = "";
        var lineStart = headerSection.IndexOf("\r\n"u8) + 2; // skip the start line
        var previousWasLength = false;
        while (lineStart < headerSection.Length)
        {
            var rel = headerSection[lineStart..].IndexOf("\r\n"u8);
            if (rel <= 0) break; // the empty line that ends the section
            var line = headerSection.Slice(lineStart, rel);
            lineStart += rel + 2;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (previousWasLength)
                {
                    error = "folded Content-Length";
                    return false;
                }
                continue;
            }
            previousWasLength = false;
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue; // the parser will refuse the line; framing only needs the length
            var name = line[..colon].TrimEnd(" \t"u8);
            if (!Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && !Ascii.EqualsIgnoreCase(name, "l"u8)) continue;
            previousWasLength = true;
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IsEmpty || value.Length > 9 || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                error = $"bad Content-Length '{Encoding.ASCII.GetString(value[..Math.Min(value.Length, 32)])}'";
                return false;
            }
            var n = 0;
            foreach (var d in value) n = n * 10 + (d - '0');
            if (length >= 0 && length != n)
            {
                error = "conflicting Content-Length values";
                return false;
            }
            length = n;
        }
        if (length < 0)
        {
            error = "no Content-Length (mandatory on a stream)";
            return false;
        }
        return true;
    }
}
