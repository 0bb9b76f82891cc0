namespace ActorSip.Sip.Auth;

/// <summary>One auth-param. <see cref="Value"/> has quotes and quoted-pairs removed.</summary>
public readonly record struct AuthParameter(string Name, string Value, bool Quoted);

/// <summary>A WWW-Authenticate / Proxy-Authenticate challenge, Authorization credentials or Authentication-Info:
/// a scheme (empty for Authentication-Info) and its parameters in order; unknown parameters are kept.</summary>
public sealed record AuthHeader(string Scheme, IReadOnlyList<AuthParameter> Parameters)
{
    public string? Get(string name)
    {
        foreach (var p in Parameters)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    public bool IsDigest => string.Equals(Scheme, "Digest", StringComparison.OrdinalIgnoreCase);
}
