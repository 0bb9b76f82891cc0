using System.Buffers;

namespace ActorSip.Sip.Messages;

/// <summary>
/// A header value as characters (from <see cref="SipHeaders.ValueChars"/>): in the caller's stack buffer, in a
/// pooled array when the value did not fit (given back on <see cref="Dispose"/>), or the span of a field's string.
/// </summary>
internal ref struct HeaderValueChars(ReadOnlySpan<char> span, char[]? rented)
{
    private char[]? _rented = rented;

    public ReadOnlySpan<char> Span { get; } = span;

    public void Dispose()
    {
        if (_rented is null) return;
        ArrayPool<char>.Shared.Return(_rented);
        _rented = null;
    }
}
