using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>
/// Bytes to <see cref="SipMessage"/> (RFC 3261 §7, §18.3, §20). Works on spans in one pass over the header
/// section, keeps header values as offsets into the input, validates the headers every transaction depends on
/// (Via, From, To, Call-ID, CSeq, Contact, Max-Forwards, Content-Length) and returns a typed error for anything
/// else. It never throws for any input and every loop consumes input, so it cannot hang.
/// The input memory is referenced, not copied: the caller must not reuse the buffer while the message lives.
/// </summary>
public static class SipMessageParser
{
    private const byte CR = (byte)'\r', LF = (byte)'\n', SP = (byte)' ', HT = (byte)'\t';

    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    // Not ContainsAnyExceptInRange: see SipGrammar.Digits.
    private static readonly SearchValues<byte> DigitBytes = SearchValues.Create("0123456789"u8);

    private static readonly SearchValues<byte> UriExcluded = SearchValues.Create([.. Enumerable.Range(0, 33).Select(b => (byte)b), (byte)127]);

    public static bool TryParse(ReadOnlyMemory<byte> data, SipParseOptions options,
        [NotNullWhen(true)] out SipMessage? message, [NotNullWhen(false)] out SipParseError? error) =>
        TryParse(data, options, out message, out error, out _);

    /// <param name="consumed">Octets that belong to the message: everything for a datagram, headers plus
    /// Content-Length octets for a stream.</param>
    public static bool TryParse(ReadOnlyMemory<byte> data, SipParseOptions options,
        [NotNullWhen(true)] out SipMessage? message, [NotNullWhen(false)] out SipParseError? error, out int consumed)
    {
        message = null;
        consumed = 0;
        var span = data.Span;
        if (span.Length > options.MaxMessageSize)
            return Fail(out error, SipParseErrorCode.TooLarge, $"message of {span.Length} octets exceeds the limit of {options.MaxMessageSize}", 0, 0);

        // RFC 3261 §7.5: CRLFs before the start line are ignored (they are also the keep-alive of RFC 5626).
        var pos = span.IndexOfAnyExcept(CR, LF);
        if (pos < 0) return Fail(out error, SipParseErrorCode.Empty, "no message (empty or only line breaks)", 0, 0);

        var line = 1;
        if (!TryLine(span, pos, options, line, out var startEnd, out var next, out error)) return false;
        var startLine = span[pos..startEnd];
        var headerCapacity = Math.Clamp(span[next..].Count(LF), 4, options.MaxHeaderCount);
        var headers = new SipHeaders(data, headerCapacity);
        if (!TryStartLine(startLine, headers, line, pos, out message, out error)) return false;
        pos = next;

        // Header section: one field per line, lines starting with SP/HT continue the previous field.
        int nameStart = -1, nameLength = 0, valueStart = 0, valueEnd = 0;
        var folded = false;
        var id = HeaderId.Unknown;
        var count = 0;
        while (true)
        {
            line++;
            if (pos >= span.Length)
                return Fail(out error, SipParseErrorCode.HeadersNotTerminated, "header section is not terminated by an empty line", line, pos);
            if (!TryLine(span, pos, options, line, out var lineEnd, out next, out error)) return false;
            if (lineEnd == pos)
            {
                pos = next;
                break;
            }
            if (span[pos] is SP or HT)
            {
                if (nameStart < 0)
                    return Fail(out error, SipParseErrorCode.BadHeaderLine, "continuation line before any header", line, pos);
                var contentEnd = TrimEnd(span, pos, lineEnd);
                var contentStart = SkipWs(span, pos, contentEnd);
                if (contentStart < contentEnd)
                {
                    if (valueEnd == valueStart) valueStart = contentStart;
                    else folded = true;
                    valueEnd = contentEnd;
                }
                pos = next;
                continue;
            }

            if (nameStart >= 0) headers.AddRaw(id, nameStart, nameLength, valueStart, valueEnd - valueStart, folded);
            if (++count > options.MaxHeaderCount)
                return Fail(out error, SipParseErrorCode.TooManyHeaders, $"more than {options.MaxHeaderCount} header fields", line, pos);

            var lineSpan = span[pos..lineEnd];
            var n = lineSpan.IndexOfAnyExcept(TokenBytes);
            if (n <= 0)
                return Fail(out error, SipParseErrorCode.BadHeaderLine, "header line does not start with a header name", line, pos);
            var colon = n;
            while (colon < lineSpan.Length && lineSpan[colon] is SP or HT) colon++;
            if (colon >= lineSpan.Length || lineSpan[colon] != (byte)':')
                return Fail(out error, SipParseErrorCode.BadHeaderLine, $"header '{Ascii(lineSpan[..n])}' has no ':'", line, pos);
            nameStart = pos;
            nameLength = n;
            id = HeaderNames.Identify(lineSpan[..n]);
            valueEnd = TrimEnd(span, pos, lineEnd);
            valueStart = SkipWs(span, pos + colon + 1, valueEnd);
            folded = false;
            pos = next;
        }
        if (nameStart >= 0) headers.AddRaw(id, nameStart, nameLength, valueStart, valueEnd - valueStart, folded);

        if (!TryValidate(message, headers, span, out var contentLength, out error)) return false;

        // Body (RFC 3261 §18.3): Content-Length frames it; on a datagram without one, the body runs to the end.
        var bodyStart = pos;
        if (contentLength is { } length)
        {
            if (bodyStart + (long)length > span.Length)
                return Fail(out error, SipParseErrorCode.BodyTruncated,
                    $"Content-Length {length} is larger than the {span.Length - bodyStart} octets present", 0, bodyStart);
            message.Body = data.Slice(bodyStart, length);
            consumed = bodyStart + length;
        }
        else if (options.Framing == SipFraming.Stream)
        {
            return Fail(out error, SipParseErrorCode.BadContentLength, "Content-Length is required on a stream transport", 0, bodyStart);
        }
        else
        {
            message.Body = data[bodyStart..];
            consumed = span.Length;
        }
        if (options.Framing == SipFraming.Datagram) consumed = span.Length;
        error = null;
        return true;
    }

    private static bool TryLine(ReadOnlySpan<byte> span, int pos, SipParseOptions options, int line,
        out int lineEnd, out int next, [NotNullWhen(false)] out SipParseError? error)
    {
        var limit = Math.Min(span.Length - pos, options.MaxLineLength + 2);
        var lf = span.Slice(pos, limit).IndexOf(LF);
        if (lf < 0)
        {
            lineEnd = next = 0;
            return limit < span.Length - pos
                ? Fail(out error, SipParseErrorCode.LineTooLong, $"line longer than {options.MaxLineLength} octets", line, pos)
                : Fail(out error, SipParseErrorCode.HeadersNotTerminated, "header section is not terminated by an empty line", line, pos);
        }
        next = pos + lf + 1;
        lineEnd = pos + lf;
        if (lineEnd > pos && span[lineEnd - 1] == CR) lineEnd--; // bare LF is tolerated, as most stacks do
        if (lineEnd - pos > options.MaxLineLength)
            return Fail(out error, SipParseErrorCode.LineTooLong, $"line longer than {options.MaxLineLength} octets", line, pos);
        error = null;
        return true;
    }

    private static bool TryStartLine(ReadOnlySpan<byte> start, SipHeaders headers, int line, int offset,
        [NotNullWhen(true)] out SipMessage? message, [NotNullWhen(false)] out SipParseError? error)
    {
        message = null;
        var sp1 = start.IndexOf(SP);
        if (sp1 <= 0) return Fail(out error, SipParseErrorCode.BadStartLine, "start line must have three parts separated by single spaces", line, offset);

        if (start.StartsWith("SIP/"u8))
        {
            if (!TryVersion(start[..sp1], line, offset, out error)) return false;
            var rest = start[(sp1 + 1)..];
            var sp2 = rest.IndexOf(SP);
            var code = sp2 < 0 ? rest : rest[..sp2];
            if (code.Length != 3 || code.ContainsAnyExcept(DigitBytes))
                return Fail(out error, SipParseErrorCode.BadStatusCode, $"status code '{Clip(code)}' is not three digits", line, offset + sp1 + 1);
            var status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
            if (status is < 100 or > 699)
                return Fail(out error, SipParseErrorCode.BadStatusCode, $"status code {status} is outside 100-699", line, offset + sp1 + 1);
            var reason = sp2 < 0 ? "" : Encoding.UTF8.GetString(rest[(sp2 + 1)..]);
            message = new SipResponse(status, reason, headers);
            error = null;
            return true;
        }

        var method = start[..sp1];
        if (method.ContainsAnyExcept(TokenBytes))
            return Fail(out error, SipParseErrorCode.BadStartLine, "method is not a token", line, offset);
        var afterMethod = start[(sp1 + 1)..];
        var sp = afterMethod.IndexOf(SP);
        if (sp <= 0)
            return Fail(out error, SipParseErrorCode.BadStartLine, "start line must have three parts separated by single spaces", line, offset + sp1 + 1);
        var uriBytes = afterMethod[..sp];
        if (!TryVersion(afterMethod[(sp + 1)..], line, offset + sp1 + sp + 2, out error)) return false;
        if (uriBytes.ContainsAny(UriExcluded))
            return Fail(out error, SipParseErrorCode.BadRequestUri, "Request-URI contains control characters", line, offset + sp1 + 1);
        Span<char> uriChars = stackalloc char[Math.Min(uriBytes.Length, 1024)];
        var uriText = uriBytes.Length <= uriChars.Length
            ? uriChars[..Encoding.UTF8.GetChars(uriBytes, uriChars)]
            : Encoding.UTF8.GetString(uriBytes).AsSpan();
        if (!SipUriParser.TryParse(uriText, out var uri, out var uriError))
            return Fail(out error, SipParseErrorCode.BadRequestUri, "invalid Request-URI: " + uriError, line, offset + sp1 + 1);
        message = new SipRequest(SipMethods.Intern(method), uri, headers);
        error = null;
        return true;
    }

    private static bool TryVersion(ReadOnlySpan<byte> version, int line, int offset, [NotNullWhen(false)] out SipParseError? error)
    {
        if (version.SequenceEqual("SIP/2.0"u8))
        {
            error = null;
            return true;
        }
        // SIP/x.y with other digits is a version we do not speak (505); anything else is a malformed line (400).
        var v = version.Length > 4 ? version[4..] : default;
        var dot = v.IndexOf((byte)'.');
        var isVersion = version.StartsWith("SIP/"u8) && dot > 0 && dot < v.Length - 1
                        && !v[..dot].ContainsAnyExceptInRange((byte)'0', (byte)'9')
                        && !v[(dot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
        return isVersion
            ? Fail(out error, SipParseErrorCode.VersionNotSupported, $"protocol version {Ascii(version)} is not supported", line, offset)
            : Fail(out error, SipParseErrorCode.BadStartLine, $"expected SIP/2.0, found '{Clip(version)}'", line, offset);
    }

    /// <summary>Presence, uniqueness and syntax of the headers that transactions and dialogs rely on.</summary>
    private static bool TryValidate(SipMessage message, SipHeaders headers, ReadOnlySpan<byte> span, out int? contentLength, [NotNullWhen(false)] out SipParseError? error)
    {
        contentLength = null;
        int iCallId = -1, iCSeq = -1, iFrom = -1, iTo = -1, iMaxForwards = -1, iContentLength = -1;
        var viaCount = 0;
        var contactCount = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var id = headers.IdAt(i);
            ref var slot = ref iCallId;
            switch (id)
            {
                case HeaderId.CallId: slot = ref iCallId; break;
                case HeaderId.CSeq: slot = ref iCSeq; break;
                case HeaderId.From: slot = ref iFrom; break;
                case HeaderId.To: slot = ref iTo; break;
                case HeaderId.MaxForwards: slot = ref iMaxForwards; break;
                case HeaderId.ContentLength: slot = ref iContentLength; break;
                case HeaderId.Via: viaCount++; continue;
                case HeaderId.Contact: contactCount++; continue;
                default: continue;
            }
            if (slot >= 0)
                return Fail(out error, SipParseErrorCode.DuplicateHeader, $"{HeaderNames.CanonicalName(id)} appears more than once", span, headers.OffsetAt(i));
            slot = i;
        }
        if (iCallId < 0) return Missing(HeaderNames.CallId, out error);
        if (iCSeq < 0) return Missing(HeaderNames.CSeq, out error);
        if (iFrom < 0) return Missing(HeaderNames.From, out error);
        if (iTo < 0) return Missing(HeaderNames.To, out error);
        if (viaCount == 0) return Missing(HeaderNames.Via, out error);

        // Every value is decoded into this one buffer in turn (or a pooled array when longer), so only the value
        // read last is valid; none becomes a string.
        Span<char> buffer = stackalloc char[SipHeaders.StackChars];

        using var callId = headers.ValueChars(iCallId, buffer);
        var at = callId.Span.IndexOf('@');
        var local = at < 0 ? callId.Span : callId.Span[..at];
        var host = at < 0 ? "x" : callId.Span[(at + 1)..];
        if (local.IsEmpty || host.IsEmpty || local.ContainsAnyExcept(SipGrammar.Word) || host.ContainsAnyExcept(SipGrammar.Word))
            return Bad(HeaderNames.CallId, "must be word[@word]", span, headers.OffsetAt(iCallId), out error);

        using var cseqValue = headers.ValueChars(iCSeq, buffer);
        if (!CSeqParser.TryParse(cseqValue.Span, out var cseq, out var why))
            return Bad(HeaderNames.CSeq, why, span, headers.OffsetAt(iCSeq), out error);
        if (message is SipRequest request && !string.Equals(request.Method, cseq.Method, StringComparison.Ordinal))
            return Fail(out error, SipParseErrorCode.MethodMismatch, $"CSeq method {cseq.Method} does not match request method {request.Method}", span, headers.OffsetAt(iCSeq));

        // From, To, Via and Contact are checked by the same parsers that later build their typed views, in
        // validate-only mode: a message nobody reads them from costs no URI, parameter or string.
        using var from = headers.ValueChars(iFrom, buffer);
        if (!NameAddressParser.TryParse(from.Span, build: false, out _, out why))
            return Bad(HeaderNames.From, why, span, headers.OffsetAt(iFrom), out error);
        using var to = headers.ValueChars(iTo, buffer);
        if (!NameAddressParser.TryParse(to.Span, build: false, out _, out why))
            return Bad(HeaderNames.To, why, span, headers.OffsetAt(iTo), out error);

        for (var i = 0; i < headers.Count; i++)
        {
            var id = headers.IdAt(i);
            if (id is not (HeaderId.Via or HeaderId.Contact)) continue;
            using var value = headers.ValueChars(i, buffer);
            if (id == HeaderId.Via)
            {
                if (!ViaParser.TryParseOrValidateList(value.Span, null, out why)) return Bad(HeaderNames.Via, why, span, headers.OffsetAt(i), out error);
            }
            else
            {
                if (!ContactParser.TryParseField(value.Span, null, out var wildcard, out why))
                    return Bad(HeaderNames.Contact, why, span, headers.OffsetAt(i), out error);
                if (wildcard && contactCount != 1)
                    return Bad(HeaderNames.Contact, "'*' cannot be combined with other contacts", span, headers.OffsetAt(i), out error);
            }
        }

        if (iMaxForwards >= 0)
        {
            using var maxForwards = headers.ValueChars(iMaxForwards, buffer);
            if (!SipGrammar.IsDigits(maxForwards.Span))
                return Bad(HeaderNames.MaxForwards, "must be a number", span, headers.OffsetAt(iMaxForwards), out error);
        }

        if (iContentLength >= 0)
        {
            using var cl = headers.ValueChars(iContentLength, buffer);
            if (!SipGrammar.TryParseUInt32(cl.Span, out var n) || n > int.MaxValue)
                return Fail(out error, SipParseErrorCode.BadContentLength, $"Content-Length '{SipUriParser.Clip(cl.Span)}' is not a valid length", span, headers.OffsetAt(iContentLength));
            contentLength = (int)n;
        }

        message.SetValidated(cseq);
        error = null;
        return true;
    }

    private static int TrimEnd(ReadOnlySpan<byte> span, int start, int end)
    {
        while (end > start && span[end - 1] is SP or HT) end--;
        return end;
    }

    private static int SkipWs(ReadOnlySpan<byte> span, int start, int end)
    {
        while (start < end && span[start] is SP or HT) start++;
        return start;
    }

    private static bool Missing(string header, [NotNullWhen(false)] out SipParseError? error) =>
        Fail(out error, SipParseErrorCode.MissingHeader, $"required header {header} is missing", 0, 0);

    private static bool Bad(string header, string why, ReadOnlySpan<byte> span, int offset, [NotNullWhen(false)] out SipParseError? error) =>
        Fail(out error, SipParseErrorCode.BadHeaderValue, $"invalid {header}: {why}", span, offset);

    /// <summary>Header-level errors are rare, so their line number is counted only when one happens.</summary>
    private static bool Fail([NotNullWhen(false)] out SipParseError? error, SipParseErrorCode code, string message, ReadOnlySpan<byte> span, int offset) =>
        Fail(out error, code, message, span[..offset].Count(LF) + 1 - LeadingLines(span), offset);

    private static int LeadingLines(ReadOnlySpan<byte> span)
    {
        var first = span.IndexOfAnyExcept(CR, LF);
        return first <= 0 ? 0 : span[..first].Count(LF);
    }

    private static bool Fail([NotNullWhen(false)] out SipParseError? error, SipParseErrorCode code, string message, int line, int offset)
    {
        error = new SipParseError(code, message, line, offset);
        return false;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Clip(bytes);

    private static string Clip(ReadOnlySpan<byte> bytes)
    {
        var s = bytes.Length > 40 ? bytes[..40] : bytes;
        var sb = new StringBuilder(s.Length + 3);
        foreach (var b in s) sb.Append(b is >= 32 and < 127 ? (char)b : '?');
        if (bytes.Length > 40) sb.Append("...");
        return sb.ToString();
    }
}
