using System.Collections;
using System.Collections.Immutable;
using System.Text;

namespace ActorSip.Sip.Messages;

/// <summary>One <c>;name[=value]</c> parameter. A null value means the parameter has no '=' (e.g. <c>;lr</c>).
/// Quoted values keep their quotes, so writing them back is exact.</summary>
public readonly record struct SipParameter(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}

/// <summary>An ordered, immutable list of parameters with case-insensitive name lookup (RFC 3261 §7.3.1, §19.1.4).</summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>, IEquatable<SipParameters>
{
    public static readonly SipParameters Empty = new(ImmutableArray<SipParameter>.Empty);

    private readonly ImmutableArray<SipParameter> _items;

    private SipParameters(ImmutableArray<SipParameter> items) => _items = items;

    public static SipParameters From(IEnumerable<SipParameter> items)
    {
        var array = items.ToImmutableArray();
        return array.IsEmpty ? Empty : new SipParameters(array);
    }

    /// <summary>A reusable per-thread scratch list: parsing a message's parameters then costs one exact-size array.
    /// Builders must not nest (a URI's parameters are built before its header's parameters start).</summary>
    internal static ParameterBuilder Builder() => new(Scratch ??= new List<SipParameter>(8));

    [ThreadStatic] private static List<SipParameter>? Scratch;

    internal readonly ref struct ParameterBuilder
    {
        private readonly List<SipParameter> _list;

        public ParameterBuilder(List<SipParameter> list)
        {
            _list = list;
            _list.Clear();
        }

        public void Add(SipParameter p) => _list.Add(p);

        public SipParameters Build()
        {
            if (_list.Count == 0) return Empty;
            var array = _list.ToArray();
            _list.Clear();
            return new SipParameters(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(array));
        }
    }

    public int Count => _items.Length;

    public SipParameter this[int index] => _items[index];

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The value of the parameter, without surrounding quotes; null when absent or valueless.</summary>
    public string? Get(string name)
    {
        var i = IndexOf(name);
        if (i < 0) return null;
        var v = _items[i].Value;
        return v is { Length: >= 2 } && v[0] == '"' && v[^1] == '"' ? v[1..^1] : v;
    }

    /// <summary>Sets (replacing in place) or appends the parameter.</summary>
    public SipParameters With(string name, string? value)
    {
        var i = IndexOf(name);
        var p = new SipParameter(name, value);
        return new SipParameters(i < 0 ? _items.Add(p) : _items.SetItem(i, p));
    }

    public SipParameters Without(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? this : From(_items.RemoveAt(i));
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Length; i++)
            if (string.Equals(_items[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Writes <c>;a=b;c</c> (the leading separator included).</summary>
    public void AppendTo(StringBuilder sb, char separator = ';')
    {
        foreach (var p in _items)
        {
            sb.Append(separator).Append(p.Name);
            if (p.Value is not null) sb.Append('=').Append(p.Value);
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    public bool Equals(SipParameters? other)
    {
        if (other is null || other.Count != Count) return false;
        for (var i = 0; i < Count; i++)
        {
            if (!string.Equals(_items[i].Name, other._items[i].Name, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.Equals(_items[i].Value, other._items[i].Value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SipParameters);

    public override int GetHashCode() => Count;

    public IEnumerator<SipParameter> GetEnumerator() => ((IEnumerable<SipParameter>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
