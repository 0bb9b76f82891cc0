namespace ActorSip.Sip.Parsing;

/// <summary>Why a message was refused. The code is stable for programs; the message is for people.</summary>
public enum SipParseErrorCode
{
    Empty,
    TooLarge,
    LineTooLong,
    TooManyHeaders,
    BadStartLine,
    VersionNotSupported,
    BadStatusCode,
    BadRequestUri,
    BadHeaderLine,
    HeadersNotTerminated,
    MissingHeader,
    DuplicateHeader,
    BadHeaderValue,
    MethodMismatch,
    BadContentLength,
    BodyTruncated,
}

/// <summary>A typed parse failure: what is wrong, on which line (1-based; 0 when not tied to a line), at which byte offset.</summary>
public sealed record SipParseError(SipParseErrorCode Code, string Message, int Line, int Offset)
{
    /// <summary>The response a server would send for a request refused this way (RFC 3261 §21.4, RFC 4475).</summary>
    public int SuggestedStatus => Code switch
    {
        SipParseErrorCode.VersionNotSupported => 505,
        SipParseErrorCode.TooLarge => 513,
        _ => 400,
    };

    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>Raised only by the convenience <c>SipMessage.Parse</c>; the parser itself never throws.</summary>
public sealed class SipParseException(SipParseError error) : FormatException(error.ToString())
{
    public SipParseError Error { get; } = error;
}
