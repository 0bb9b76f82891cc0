namespace ActorSip.Sip.Messages;

/// <summary>The Contact fields of a message: either <c>*</c> (remove all bindings) or a list of addresses.</summary>
public sealed record ContactHeader(bool IsWildcard, IReadOnlyList<NameAddress> Addresses)
{
    public static readonly ContactHeader Wildcard = new(true, []);

    /// <summary>The <c>expires</c> parameter of one contact, if present and numeric.</summary>
    public static uint? ExpiresOf(NameAddress contact) =>
        uint.TryParse(contact.Parameters.Get("expires"), out var e) ? e : null;
}
