namespace ActorSip.Trunks;

/// <summary>The URI scheme a registrar is registered with (IOS `scheme {sip|sips}`).</summary>
public enum RegistrarScheme
{
    Sip,
    /// <summary>sips: Request-URI, To, From and Contact; TLS is the only transport (RFC 3261 §26.2.2).</summary>
    Sips,
}

/// <summary>
/// The IOS registrar options beyond target, expiry and transport, the same for both registrar forms:
/// `auth-realm R`, `random-contact`, `refresh-ratio P`, `scheme {sip|sips}`.
/// </summary>
public sealed record RegistrarOptions
{
    public static readonly RegistrarOptions None = new();

    /// <summary>The only realm this registrar may challenge with; another realm is refused without offering a credential.</summary>
    public Realm? AuthRealm { get; init; }

    /// <summary>A random user part in the Contact, fixed for the binding's life, instead of the endpoint number.</summary>
    public bool RandomContact { get; init; }

    /// <summary>Refresh when this percentage (50-100) of the granted expiry has passed; null: the node's default.</summary>
    public int? RefreshRatio { get; init; }

    public RegistrarScheme Scheme { get; init; }
}
