namespace ActorSip.Sip.Messages;

/// <summary>Headers the stack knows by name. Unknown headers are kept verbatim under <see cref="Unknown"/>.</summary>
public enum HeaderId : byte
{
    Unknown = 0,
    Accept, AcceptEncoding, AcceptLanguage, AlertInfo, Allow, AllowEvents, AuthenticationInfo, Authorization,
    CallId, CallInfo, Contact, ContentDisposition, ContentEncoding, ContentLanguage, ContentLength, ContentType,
    CSeq, Date, ErrorInfo, Event, Expires, From, InReplyTo, MaxForwards, MimeVersion, MinExpires, Organization,
    Path, Priority, ProxyAuthenticate, ProxyAuthorization, ProxyRequire, ReferTo, ReferredBy, RecordRoute,
    ReplyTo, Require, RetryAfter, Route, Server, ServiceRoute, Subject, Supported, Timestamp, To, Unsupported,
    UserAgent, Via, Warning, WwwAuthenticate,
}

/// <summary>Canonical names and RFC 3261 §7.3.3 compact forms (plus the registered compact forms of later RFCs).</summary>
public static class HeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Expires = "Expires";
    public const string MinExpires = "Min-Expires";
    public const string RetryAfter = "Retry-After";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string AuthenticationInfo = "Authentication-Info";
    public const string UserAgent = "User-Agent";
    public const string Allow = "Allow";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";

    private static readonly string[] Canonical = BuildCanonical();

    private static string[] BuildCanonical()
    {
        var names = new string[(int)HeaderId.WwwAuthenticate + 1];
        names[(int)HeaderId.Unknown] = "";
        names[(int)HeaderId.Accept] = "Accept";
        names[(int)HeaderId.AcceptEncoding] = "Accept-Encoding";
        names[(int)HeaderId.AcceptLanguage] = "Accept-Language";
        names[(int)HeaderId.AlertInfo] = "Alert-Info";
        names[(int)HeaderId.Allow] = Allow;
        names[(int)HeaderId.AllowEvents] = "Allow-Events";
        names[(int)HeaderId.AuthenticationInfo] = AuthenticationInfo;
        names[(int)HeaderId.Authorization] = Authorization;
        names[(int)HeaderId.CallId] = CallId;
        names[(int)HeaderId.CallInfo] = "Call-Info";
        names[(int)HeaderId.Contact] = Contact;
        names[(int)HeaderId.ContentDisposition] = "Content-Disposition";
        names[(int)HeaderId.ContentEncoding] = "Content-Encoding";
        names[(int)HeaderId.ContentLanguage] = "Content-Language";
        names[(int)HeaderId.ContentLength] = ContentLength;
        names[(int)HeaderId.ContentType] = ContentType;
        names[(int)HeaderId.CSeq] = CSeq;
        names[(int)HeaderId.Date] = "Date";
        names[(int)HeaderId.ErrorInfo] = "Error-Info";
        names[(int)HeaderId.Event] = "Event";
        names[(int)HeaderId.Expires] = Expires;
        names[(int)HeaderId.From] = From;
        names[(int)HeaderId.InReplyTo] = "In-Reply-To";
        names[(int)HeaderId.MaxForwards] = MaxForwards;
        names[(int)HeaderId.MimeVersion] = "MIME-Version";
        names[(int)HeaderId.MinExpires] = MinExpires;
        names[(int)HeaderId.Organization] = "Organization";
        names[(int)HeaderId.Path] = "Path";
        names[(int)HeaderId.Priority] = "Priority";
        names[(int)HeaderId.ProxyAuthenticate] = ProxyAuthenticate;
        names[(int)HeaderId.ProxyAuthorization] = ProxyAuthorization;
        names[(int)HeaderId.ProxyRequire] = "Proxy-Require";
        names[(int)HeaderId.ReferTo] = "Refer-To";
        names[(int)HeaderId.ReferredBy] = "Referred-By";
        names[(int)HeaderId.RecordRoute] = RecordRoute;
        names[(int)HeaderId.ReplyTo] = "Reply-To";
        names[(int)HeaderId.Require] = Require;
        names[(int)HeaderId.RetryAfter] = RetryAfter;
        names[(int)HeaderId.Route] = Route;
        names[(int)HeaderId.Server] = "Server";
        names[(int)HeaderId.ServiceRoute] = "Service-Route";
        names[(int)HeaderId.Subject] = "Subject";
        names[(int)HeaderId.Supported] = Supported;
        names[(int)HeaderId.Timestamp] = "Timestamp";
        names[(int)HeaderId.To] = To;
        names[(int)HeaderId.Unsupported] = "Unsupported";
        names[(int)HeaderId.UserAgent] = UserAgent;
        names[(int)HeaderId.Via] = Via;
        names[(int)HeaderId.Warning] = "Warning";
        names[(int)HeaderId.WwwAuthenticate] = WwwAuthenticate;
        return names;
    }

    private static readonly Dictionary<string, HeaderId> ByName = BuildLookup();
    private static readonly Dictionary<string, HeaderId>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, HeaderId> BuildLookup()
    {
        var map = new Dictionary<string, HeaderId>(StringComparer.OrdinalIgnoreCase);
        for (var id = HeaderId.Accept; id <= HeaderId.WwwAuthenticate; id++)
            map[Canonical[(int)id]] = id;
        // Compact forms: RFC 3261 §7.3.3 (i m e l c f s k t v), RFC 3265 (o u), RFC 3515 (r), RFC 3892 (b).
        map["i"] = HeaderId.CallId;
        map["m"] = HeaderId.Contact;
        map["e"] = HeaderId.ContentEncoding;
        map["l"] = HeaderId.ContentLength;
        map["c"] = HeaderId.ContentType;
        map["f"] = HeaderId.From;
        map["s"] = HeaderId.Subject;
        map["k"] = HeaderId.Supported;
        map["t"] = HeaderId.To;
        map["v"] = HeaderId.Via;
        map["o"] = HeaderId.Event;
        map["u"] = HeaderId.AllowEvents;
        map["r"] = HeaderId.ReferTo;
        map["b"] = HeaderId.ReferredBy;
        return map;
    }

    /// <summary>The canonical (long, conventionally cased) name of a known header.</summary>
    public static string CanonicalName(HeaderId id) => Canonical[(int)id];

    /// <summary>Maps a long or compact header name, in any case, to its id.</summary>
    public static HeaderId Identify(ReadOnlySpan<char> name) =>
        ByNameSpan.TryGetValue(name, out var id) ? id : HeaderId.Unknown;

    /// <summary>Byte-level variant used by the parser: header names are ASCII tokens, so widening is exact.</summary>
    internal static HeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length > 32) return HeaderId.Unknown;
        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++) chars[i] = (char)name[i];
        return Identify(chars);
    }

    /// <summary>Headers whose value is a comma-separated list that may be split into several fields (RFC 3261 §7.3.1).
    /// The auth headers are not: their parameters are comma-separated inside one challenge.</summary>
    public static bool IsCommaList(HeaderId id) => id is HeaderId.Via or HeaderId.Contact or HeaderId.Route
        or HeaderId.RecordRoute or HeaderId.Path or HeaderId.ServiceRoute or HeaderId.Supported or HeaderId.Require
        or HeaderId.ProxyRequire or HeaderId.Unsupported or HeaderId.Allow or HeaderId.Accept
        or HeaderId.AcceptEncoding or HeaderId.AcceptLanguage or HeaderId.AllowEvents or HeaderId.ContentEncoding
        or HeaderId.ContentLanguage or HeaderId.InReplyTo or HeaderId.Warning or HeaderId.AlertInfo
        or HeaderId.CallInfo or HeaderId.ErrorInfo;
}
