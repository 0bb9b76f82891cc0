namespace ActorSip.IntegrationTests.Peers;

/// <summary>Hand-written SIP requests for driving peers from a test with <see cref="UdpSipClient"/> (no SIP stack).</summary>
public static class HandWritten
{
    /// <summary>A REGISTER for user@domain with one Contact on the client's port; <paramref name="extra"/> is added as header line(s).</summary>
    public static string Register(int localPort, int remotePort, string user, string domain, int cseq, int expires, string? extra = null, string? callId = null) =>
        Request("REGISTER", $"sip:127.0.0.1:{remotePort}", localPort, $"<sip:{user}@{domain}>", $"<sip:{user}@{domain}>", cseq,
            callId ?? $"register-{localPort}@127.0.0.1",
            $"Contact: <sip:{user}@127.0.0.1:{localPort}>;expires={expires}" + (extra is null ? "" : "\n" + extra));

    /// <summary>
    /// Any request. <paramref name="branch"/> defaults to a fresh one; pass the INVITE's branch for the ACK of a
    /// non-2xx answer (same transaction). Body, if any, goes after the headers with its Content-Length.
    /// </summary>
    public static string Request(string method, string requestUri, int localPort, string from, string to, int cseq, string callId,
        string? extraHeaders = null, string? branch = null, string body = "", string? cseqMethod = null)
    {
        var headers = $"""
            {method} {requestUri} SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:{localPort};branch={branch ?? NewBranch()}
            Max-Forwards: 70
            From: {from};tag=handwritten
            To: {to}
            Call-ID: {callId}
            CSeq: {cseq} {cseqMethod ?? method}
            """;
        if (!string.IsNullOrEmpty(extraHeaders)) headers += "\n" + extraHeaders;
        var crlfBody = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        return headers + $"\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(crlfBody)}\n\n" + body;
    }

    public static string NewBranch() => "z9hG4bK-hw-" + Guid.NewGuid().ToString("N");
}
