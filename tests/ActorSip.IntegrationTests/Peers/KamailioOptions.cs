namespace ActorSip.IntegrationTests.Peers;

/// <summary>How a <see cref="KamailioRegistrar"/> behaves: one SIP provider's registrar.</summary>
public sealed record KamailioOptions
{
    /// <summary>Digest realm the registrar challenges with and accepts credentials for.</summary>
    public required string Realm { get; init; }

    /// <summary>Accounts: auth username → password. More can be added at runtime with <see cref="KamailioRegistrar.SetUserAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Digest algorithm: "MD5" or "SHA-256" (kamailio auth module <c>algorithm</c>). Challenges always carry qop="auth".</summary>
    public string Algorithm { get; init; } = "MD5";

    /// <summary>Seconds a nonce stays valid; a request with an older nonce gets a 401 with stale=true (auth <c>nonce_expire</c>).</summary>
    public int NonceExpires { get; init; } = 300;

    /// <summary>registrar <c>default_expires</c>: used when the REGISTER carries no expiry.</summary>
    public int DefaultExpires { get; init; } = 3600;

    /// <summary>registrar <c>min_expires</c>: shorter requests are silently raised to this (no 423; see <see cref="IntervalTooBriefBelow"/>).</summary>
    public int MinExpires { get; init; } = 60;

    /// <summary>registrar <c>max_expires</c>: longer requests are cut to this.</summary>
    public int MaxExpires { get; init; } = 7200;

    /// <summary>When set to N, an authenticated REGISTER asking for 0 &lt; expires &lt; N gets 423 Interval Too Brief with Min-Expires: N.</summary>
    public int? IntervalTooBriefBelow { get; init; }

    /// <summary>When set, REGISTERs get 503 Service Unavailable with this Retry-After (before any auth), see <see cref="UnavailableCount"/>.</summary>
    public int? UnavailableRetryAfter { get; init; }

    /// <summary>How many REGISTERs get the 503 (-1: all of them). Only used with <see cref="UnavailableRetryAfter"/>.</summary>
    public int UnavailableCount { get; init; } = -1;

    /// <summary>Never answer any request (the registrar looks dead; readiness is still checked over the ctl socket).</summary>
    public bool DropAll { get; init; }

    /// <summary>Auth usernames that get 403 Forbidden once their credentials check out (a suspended account).</summary>
    public IReadOnlyCollection<string> ForbiddenUsers { get; init; } = [];

    /// <summary>When set, every username without an entry in <see cref="Users"/> has the password PREFIX + username:
    /// thousands of accounts without loading them one by one at startup (Kamailio's startup route does not take 10,000).</summary>
    public string? ComputedPasswordPrefix { get; init; }

    /// <summary>Address kamailio listens on (UDP and TCP); a <see cref="NetworkLab"/> hub address for partition tests.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>Network namespace to run kamailio in (a <see cref="NetworkLab"/>'s hub); null: the test's own.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Shared memory for kamailio, MB: the REGISTER log grows with every request (kamailio -m).</summary>
    public int SharedMemoryMb { get; init; } = 64;

    /// <summary>When set, kamailio also listens for SIP over TLS (its tls module) with this certificate and key
    /// (PEM files), on <see cref="KamailioRegistrar.TlsPort"/>.</summary>
    public KamailioTls? Tls { get; init; }

    /// <summary>How long to wait for kamailio to answer on its ctl socket.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>Kamailio's TLS listener: its server certificate and key as PEM files the test wrote.</summary>
/// <param name="ConnectionLifetime">Kamailio closes a TLS connection idle this long (tls connection_timeout, seconds);
/// null keeps its default (600 s). A short one makes the registrar drop connections, as providers do.</param>
public sealed record KamailioTls(string CertificateFile, string KeyFile, int? ConnectionLifetime = null);
