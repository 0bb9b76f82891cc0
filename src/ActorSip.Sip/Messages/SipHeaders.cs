using System.Buffers;
using System.Collections;
using System.Text;

namespace ActorSip.Sip.Messages;

/// <summary>One header field as it stands in a message: a name and its (unfolded) value.</summary>
public readonly record struct SipHeader(HeaderId Id, string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>
/// The header fields of a message, in order. Fields read off the wire keep only offsets into the received
/// bytes until someone asks for their text, so parsing a message costs no string per header.
/// </summary>
public sealed class SipHeaders : IReadOnlyList<SipHeader>
{
    // 16 bytes per field: offsets into the received bytes. Text is kept aside, and only once someone asks for it
    // (or the field was added in code), so a parsed message holds no string per header.
    private struct Entry
    {
        public HeaderId Id;
        public bool Folded;
        public ushort NameLength;
        public int NameStart, ValueStart, ValueLength;
    }

    private readonly ReadOnlyMemory<byte> _source;
    private Entry[] _entries;
    private string?[]? _text; // [2*i] name, [2*i+1] value
    private int _count;

    public SipHeaders() : this(ReadOnlyMemory<byte>.Empty, 8) { }

    internal SipHeaders(ReadOnlyMemory<byte> source, int capacity)
    {
        _source = source;
        _entries = new Entry[Math.Max(capacity, 1)];
    }

    /// <summary>Bumped on every change, so typed views parsed from the headers know when to parse again.</summary>
    public int Version { get; private set; }

    public int Count => _count;

    public SipHeader this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return new SipHeader(_entries[index].Id, NameAt(index), ValueAt(index));
        }
    }

    internal void AddRaw(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
    {
        Grow();
        _entries[_count++] = new Entry
        {
            Id = id, NameStart = nameStart, NameLength = (ushort)nameLength,
            ValueStart = valueStart, ValueLength = valueLength, Folded = folded,
        };
    }

    /// <summary>Appends a field. Known names (long or compact) are stored under their canonical long name.</summary>
    public SipHeaders Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("a header value cannot contain CR or LF", nameof(value));
        var id = HeaderNames.Identify(name);
        Grow();
        _entries[_count] = new Entry { Id = id, NameStart = -1 };
        var text = Text();
        text[2 * _count] = id == HeaderId.Unknown ? name : HeaderNames.CanonicalName(id);
        text[2 * _count + 1] = value;
        _count++;
        Version++;
        return this;
    }

    /// <summary>Replaces the value of the field at <paramref name="index"/> in place, keeping its name and position
    /// (the transport layer rewrites the top Via this way: RFC 3261 §18.2.1 received/rport).</summary>
    internal void ReplaceValueAt(int index, string value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("a header value cannot contain CR or LF", nameof(value));
        var name = NameAt(index);
        var text = Text();
        text[2 * index] = name;
        text[2 * index + 1] = value;
        // The field no longer mirrors the received bytes: mark it as added in code.
        _entries[index].NameStart = -1;
        _entries[index].Folded = false;
        Version++;
    }

    /// <summary>Replaces every field of that name by one field (or adds it).</summary>
    public SipHeaders Set(string name, string value)
    {
        Remove(name);
        return Add(name, value);
    }

    /// <summary>Removes every field of that name; returns how many were removed.</summary>
    public int Remove(string name)
    {
        var id = HeaderNames.Identify(name);
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (Matches(i, id, name)) continue;
            _entries[kept] = _entries[i];
            if (_text is not null)
            {
                _text[2 * kept] = _text[2 * i];
                _text[2 * kept + 1] = _text[2 * i + 1];
            }
            kept++;
        }
        var removed = _count - kept;
        Array.Clear(_entries, kept, removed);
        if (_text is not null) Array.Clear(_text, 2 * kept, 2 * removed);
        _count = kept;
        if (removed > 0) Version++;
        return removed;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public bool Contains(HeaderId id) => IndexOf(id) >= 0;

    /// <summary>The value of the first field of that name, or null.</summary>
    public string? this[string name]
    {
        get
        {
            var i = IndexOf(name);
            return i < 0 ? null : ValueAt(i);
        }
    }

    public string? Get(HeaderId id)
    {
        var i = IndexOf(id);
        return i < 0 ? null : ValueAt(i);
    }

    /// <summary>The values of every field of that name, in order (each field once, not split at commas).</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var id = HeaderNames.Identify(name);
        List<string>? values = null;
        for (var i = 0; i < _count; i++)
            if (Matches(i, id, name)) (values ??= []).Add(ValueAt(i));
        return values ?? (IReadOnlyList<string>)[];
    }

    public IReadOnlyList<string> GetAll(HeaderId id)
    {
        List<string>? values = null;
        for (var i = 0; i < _count; i++)
            if (_entries[i].Id == id) (values ??= []).Add(ValueAt(i));
        return values ?? (IReadOnlyList<string>)[];
    }

    public int CountOf(HeaderId id)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
            if (_entries[i].Id == id) n++;
        return n;
    }

    public IEnumerator<SipHeader> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal int IndexOf(HeaderId id)
    {
        for (var i = 0; i < _count; i++)
            if (_entries[i].Id == id) return i;
        return -1;
    }

    private int IndexOf(string name)
    {
        var id = HeaderNames.Identify(name);
        for (var i = 0; i < _count; i++)
            if (Matches(i, id, name)) return i;
        return -1;
    }

    private bool Matches(int i, HeaderId id, string name) =>
        id != HeaderId.Unknown
            ? _entries[i].Id == id
            : _entries[i].Id == HeaderId.Unknown && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase);

    internal HeaderId IdAt(int i) => _entries[i].Id;

    /// <summary>Where the field starts in the received bytes (0 for fields added in code): for error positions.</summary>
    internal int OffsetAt(int i) => Math.Max(_entries[i].NameStart, 0);

    internal string NameAt(int i)
    {
        ref var e = ref _entries[i];
        if (e.Id != HeaderId.Unknown) return HeaderNames.CanonicalName(e.Id);
        var text = Text();
        return text[2 * i] ??= Encoding.ASCII.GetString(_source.Span.Slice(e.NameStart, e.NameLength));
    }

    internal string ValueAt(int i)
    {
        ref var e = ref _entries[i];
        var text = Text();
        return text[2 * i + 1] ??= Decode(_source.Span.Slice(e.ValueStart, e.ValueLength), e.Folded);
    }

    private string?[] Text()
    {
        if (_text is null) _text = new string?[_entries.Length * 2];
        else if (_text.Length < _entries.Length * 2) Array.Resize(ref _text, _entries.Length * 2);
        return _text;
    }

    /// <summary>The value's raw bytes when it came off the wire unfolded; lets the parser validate without a string.</summary>
    internal bool TryGetRawValue(int i, out ReadOnlySpan<byte> raw, out bool folded)
    {
        ref var e = ref _entries[i];
        folded = e.Folded;
        if (e.NameStart < 0)
        {
            raw = default;
            return false;
        }
        raw = _source.Span.Slice(e.ValueStart, e.ValueLength);
        return true;
    }

    /// <summary>Size of the stack buffer callers give <see cref="ValueChars"/>: Via, From, To and Contact values
    /// usually fit, and a small buffer is cheap to zero (the JIT zeroes every stackalloc); longer values use the pool.</summary>
    internal const int StackChars = 256;

    /// <summary>The value as characters without a string: decoded (and unfolded) from the received bytes into
    /// <paramref name="buffer"/>, or a pooled array when it does not fit; a field added in code gives its string.
    /// Parsing and the typed views read values this way, so neither costs a string per field.</summary>
    internal HeaderValueChars ValueChars(int i, Span<char> buffer)
    {
        ref var e = ref _entries[i];
        if (e.NameStart < 0) return new HeaderValueChars(ValueAt(i), null);
        return DecodeChars(_source.Span.Slice(e.ValueStart, e.ValueLength), e.Folded, buffer);
    }

    /// <summary>UTF-8 to text, replacing each fold by one space (RFC 3261 §7.3.1).</summary>
    private static string Decode(ReadOnlySpan<byte> raw, bool folded)
    {
        if (!folded) return Encoding.UTF8.GetString(raw);
        using var chars = DecodeChars(raw, folded, stackalloc char[StackChars]);
        return chars.Span.ToString();
    }

    private static HeaderValueChars DecodeChars(ReadOnlySpan<byte> raw, bool folded, Span<char> buffer)
    {
        // UTF-8 never yields more characters than octets (an invalid octet becomes one U+FFFD).
        char[]? rented = null;
        var chars = raw.Length <= buffer.Length ? buffer : rented = ArrayPool<char>.Shared.Rent(raw.Length);
        var n = Encoding.UTF8.GetChars(raw, chars);
        if (folded) n = UnfoldInPlace(chars[..n]);
        return new HeaderValueChars(chars[..n], rented);
    }

    /// <summary>Replaces each fold (optional WSP, line break, WSP) by one space, in place; returns the new length.
    /// Decoding before unfolding is safe: CR, LF, SP and HTAB never occur inside a UTF-8 multi-octet sequence.</summary>
    private static int UnfoldInPlace(Span<char> text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (n > 0 && text[n - 1] is ' ' or '\t') n--;
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t') i++;
                text[n++] = ' ';
                continue;
            }
            text[n++] = c;
        }
        return n;
    }

    private void Grow()
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
    }
}
