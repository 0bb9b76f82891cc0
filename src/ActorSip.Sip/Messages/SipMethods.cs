namespace ActorSip.Sip.Messages;

/// <summary>Method names. Methods are case-sensitive tokens (RFC 3261 §7.1); the common ones are shared strings.</summary>
public static class SipMethods
{
    public const string Register = "REGISTER";
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Message = "MESSAGE";
    public const string Refer = "REFER";
    public const string Publish = "PUBLISH";

    private static readonly string[] Known =
        [Register, Invite, Ack, Bye, Cancel, Options, Info, Update, Prack, Subscribe, Notify, Message, Refer, Publish];

    /// <summary>Returns the shared string for a known method, so parsing a REGISTER allocates no method name.</summary>
    public static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var m in Known)
            if (method.SequenceEqual(m)) return m;
        return method.ToString();
    }

    internal static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var m in Known)
            if (method.Length == m.Length && Matches(method, m)) return m;
        return System.Text.Encoding.ASCII.GetString(method);
    }

    private static bool Matches(ReadOnlySpan<byte> bytes, string s)
    {
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] != s[i]) return false;
        return true;
    }
}
