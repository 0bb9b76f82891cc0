using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorSip.Node;

/// <summary>
/// The management endpoint's token and certificate, read at start so a bad file stops the node with a clear error.
/// A non-loopback address needs a token: the endpoint can change the trunk configuration and place calls.
/// </summary>
public static class ManagementSecurity
{
    public const string TokenVariable = "ACTORSIP_MANAGEMENT_TOKEN";
    public const string CertificatePasswordVariable = "ACTORSIP_MANAGEMENT_CERT_PASSWORD";
    public const int MinimumTokenLength = 16;

    /// <summary>The operator name of the single token of --management-token-file or the environment.</summary>
    public const string SingleTokenName = "management-token";

    public static bool TryLoad(string? tokenFile, string? tokensFile, string? certificateFile, IPEndPoint listen,
        out IReadOnlyList<NamedToken> tokens, out X509Certificate2? certificate, out string error)
    {
        tokens = [];
        if (!TryLoad(tokenFile, certificateFile, listen, tokensFile is not null, out var token, out certificate, out error)) return false;
        var named = new List<NamedToken>();
        if (token is not null) named.Add(new NamedToken(SingleTokenName, token));
        if (tokensFile is not null && !NamedTokens.TryRead(tokensFile, named, out error)) return false;
        tokens = named;
        return true;
    }

    private static bool TryLoad(string? tokenFile, string? certificateFile, IPEndPoint listen, bool namedTokens,
        out string? token, out X509Certificate2? certificate, out string error)
    {
        token = null;
        certificate = null;
        if (tokenFile is not null)
        {
            if (!File.Exists(tokenFile))
            {
                error = $"--management-token-file: file '{tokenFile}' not found";
                return false;
            }
            token = File.ReadAllText(tokenFile).Trim();
            if (token.Length < MinimumTokenLength)
            {
                error = $"--management-token-file: {tokenFile}: the token must be at least {MinimumTokenLength} characters";
                return false;
            }
        }
        else if (Environment.GetEnvironmentVariable(TokenVariable) is { } fromEnv && !string.IsNullOrWhiteSpace(fromEnv))
        {
            token = fromEnv.Trim();
            if (token.Length < MinimumTokenLength)
            {
                error = $"{TokenVariable}: the token must be at least {MinimumTokenLength} characters";
                return false;
            }
        }
        if (token is null && !namedTokens && !IPAddress.IsLoopback(listen.Address))
        {
            error = $"--management {listen}: a non-loopback address needs a token: --management-token-file FILE, --management-tokens FILE or {TokenVariable}";
            return false;
        }
        if (certificateFile is not null)
        {
            if (!File.Exists(certificateFile))
            {
                error = $"--management-cert: file '{certificateFile}' not found";
                return false;
            }
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certificateFile, Environment.GetEnvironmentVariable(CertificatePasswordVariable));
            }
            catch (CryptographicException e)
            {
                error = $"--management-cert: {certificateFile}: {e.Message} (password from {CertificatePasswordVariable})";
                return false;
            }
            if (!certificate.HasPrivateKey)
            {
                error = $"--management-cert: {certificateFile}: the certificate has no private key";
                return false;
            }
        }
        error = "";
        return true;
    }

    /// <summary>Constant-time comparison of a request's bearer token with the configured one: both are hashed first,
    /// so neither the content nor the length of the token leaks through timing.</summary>
    public static bool Matches(string expected, string? presented)
    {
        if (presented is null) return false;
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected), a);
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(presented), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
