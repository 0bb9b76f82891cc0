using System.Text;

namespace ActorSip.Sip.Messages;

/// <summary>
/// A name-addr or addr-spec with its header parameters (From, To, Contact, Route ...; RFC 3261 §20.10, §25.1).
/// The display name is stored unquoted and unescaped; it is written back quoted.
/// </summary>
public sealed record NameAddress(string? DisplayName, SipUri Uri, SipParameters Parameters)
{
    public NameAddress(SipUri uri) : this(null, uri, SipParameters.Empty) { }

    public string? Tag => Parameters.Get("tag");

    public NameAddress WithTag(string tag) => this with { Parameters = Parameters.With("tag", tag) };

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb)
    {
        if (!string.IsNullOrEmpty(DisplayName))
        {
            AppendQuoted(sb, DisplayName);
            sb.Append(' ');
        }
        // Always the bracketed form: it is never ambiguous, whatever the URI holds (RFC 3261 §20).
        sb.Append('<');
        Uri.AppendTo(sb);
        sb.Append('>');
        Parameters.AppendTo(sb);
    }

    /// <summary>Writes a quoted-string, escaping what qdtext cannot carry.</summary>
    public static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ' && c != '\t' || c == '\x7f') sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('"');
    }
}
