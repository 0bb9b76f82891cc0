namespace ActorSip.Sip.Messages;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number and the request method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public override string ToString() => $"{Number} {Method}";
}
