using System.Text;
using ActorSip.Sip.Parsing;

namespace ActorSip.Sip.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7). Typed views of the headers (Via, From, To, CSeq, Contact ...) are
/// parsed on first access, straight from the received bytes, and cached until the headers change. A message from
/// <see cref="SipMessageParser"/> has its mandatory headers already validated (without building the views, so
/// parsing allocates little), so those views are never null on it.
/// </summary>
public abstract class SipMessage
{
    public const string SipVersion = "SIP/2.0";

    private int _cacheVersion = -1;
    private IReadOnlyList<ViaHeader>? _vias;
    private NameAddress? _from, _to;
    private CSeqHeader? _cseq;
    private ContactHeader? _contact;

    protected SipMessage(SipHeaders headers) => Headers = headers;

    public SipHeaders Headers { get; }

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public abstract bool IsRequest { get; }

    public string? CallId => Headers.Get(HeaderId.CallId);

    public CSeqHeader? CSeq
    {
        get
        {
            Refresh();
            if (_cseq is null && Headers.Get(HeaderId.CSeq) is { } v && CSeqParser.TryParse(v, out var c, out _)) _cseq = c;
            return _cseq;
        }
    }

    public NameAddress? From
    {
        get
        {
            Refresh();
            return _from ??= ParseAddress(HeaderId.From);
        }
    }

    public NameAddress? To
    {
        get
        {
            Refresh();
            return _to ??= ParseAddress(HeaderId.To);
        }
    }

    /// <summary>Every Via value, top first, across all Via fields.</summary>
    public IReadOnlyList<ViaHeader> Vias
    {
        get
        {
            Refresh();
            if (_vias is not null) return _vias;
            var list = new List<ViaHeader>(Math.Max(Headers.CountOf(HeaderId.Via), 1));
            Span<char> buffer = stackalloc char[SipHeaders.StackChars];
            for (var i = 0; i < Headers.Count; i++)
            {
                if (Headers.IdAt(i) != HeaderId.Via) continue;
                using var value = Headers.ValueChars(i, buffer);
                if (!ViaParser.TryParseList(value.Span, list, out _)) break;
            }
            return _vias = list;
        }
    }

    public ViaHeader? TopVia => Vias.Count > 0 ? Vias[0] : null;

    /// <summary>All Contact fields as one list, or the wildcard; null when the message has no valid Contact.</summary>
    public ContactHeader? Contact
    {
        get
        {
            Refresh();
            return _contact ??= ContactParser.TryParse(Headers, out var c) ? c : null;
        }
    }

    public int? MaxForwards => ParseInt(HeaderId.MaxForwards);
    public int? Expires => ParseInt(HeaderId.Expires);
    public int? MinExpires => ParseInt(HeaderId.MinExpires);
    public int? ContentLength => ParseInt(HeaderId.ContentLength);
    public string? ContentType => Headers.Get(HeaderId.ContentType);

    /// <summary>Retry-After seconds (RFC 3261 §20.33), ignoring any comment or parameters.</summary>
    public int? RetryAfter
    {
        get
        {
            var v = Headers.Get(HeaderId.RetryAfter);
            if (v is null) return null;
            var span = v.AsSpan().TrimStart();
            var n = span.IndexOfAnyExceptInRange('0', '9');
            return int.TryParse(n < 0 ? span : span[..n], out var s) ? s : null;
        }
    }

    /// <summary>Called by the parser once the headers are valid. CSeq is a struct with an interned method, so it is
    /// kept now for free; the other views are built on first access.</summary>
    internal void SetValidated(CSeqHeader cseq)
    {
        _cacheVersion = Headers.Version;
        _cseq = cseq;
    }

    private void Refresh()
    {
        if (_cacheVersion == Headers.Version) return;
        _cacheVersion = Headers.Version;
        (_vias, _from, _to, _cseq, _contact) = (null, null, null, null, null);
    }

    private NameAddress? ParseAddress(HeaderId id)
    {
        var i = Headers.IndexOf(id);
        if (i < 0) return null;
        using var value = Headers.ValueChars(i, stackalloc char[SipHeaders.StackChars]);
        return NameAddressParser.TryParse(value.Span, out var a, out _) ? a : null;
    }

    private int? ParseInt(HeaderId id) =>
        Headers.Get(id) is { } v && int.TryParse(v.AsSpan().Trim(), out var n) ? n : null;

    public abstract void AppendStartLine(StringBuilder sb);

    /// <summary>The wire form: headers in order, Content-Length last and always equal to the body's length.</summary>
    public byte[] ToBytes() => SipMessageWriter.ToBytes(this);

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    /// <summary>Parses one datagram; throws <see cref="SipParseException"/>. Prefer <see cref="SipMessageParser.TryParse"/>.</summary>
    public static SipMessage Parse(ReadOnlyMemory<byte> data) =>
        SipMessageParser.TryParse(data, SipParseOptions.Datagram, out var message, out var error)
            ? message
            : throw new SipParseException(error!);

    public static SipMessage Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));
}
