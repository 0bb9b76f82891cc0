namespace ActorSip.Sip.Transport;

internal enum SipStreamFrameKind
{
    /// <summary>The buffer holds no complete frame yet.</summary>
    NeedMore,
    /// <summary>One whole message: header section plus exactly Content-Length octets of body.</summary>
    Message,
    /// <summary>An RFC 5626 §3.5.1 keep-alive ping (CRLFCRLF); answer with a CRLF pong.</summary>
    Ping,
    /// <summary>The stream cannot be framed any more; the connection must be closed.</summary>
    Error,
}

/// <summary>What <see cref="SipStreamFramer.Next"/> found: a message's own bytes, a ping, or why framing failed.</summary>
internal readonly record struct SipStreamFrame(SipStreamFrameKind Kind, byte[]? Message = null, string? Error = null)
{
    public static readonly SipStreamFrame NeedMore = new(SipStreamFrameKind.NeedMore);
    public static readonly SipStreamFrame Ping = new(SipStreamFrameKind.Ping);

    public static SipStreamFrame Fail(string reason) => new(SipStreamFrameKind.Error, Error: reason);
}
