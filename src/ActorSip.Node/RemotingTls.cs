using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Akka.Configuration;

namespace ActorSip.Node;

/// <summary>
/// TLS for Akka remoting between the nodes (mutual: each node presents the certificate and checks its peer's), turned
/// on by the environment so the certificate's password never sits in a file: <see cref="CertificateVariable"/> names
/// a PKCS#12 file, <see cref="PasswordVariable"/> its password; <see cref="SuppressValidationVariable"/>=true accepts
/// a self-signed development certificate.
/// </summary>
public static class RemotingTls
{
    public const string CertificateVariable = "ACTORSIP_REMOTE_CERT";
    public const string PasswordVariable = "ACTORSIP_REMOTE_CERT_PASSWORD";
    public const string SuppressValidationVariable = "ACTORSIP_REMOTE_TLS_SUPPRESS_VALIDATION";

    /// <summary>The remoting TLS settings, an empty config when not asked for, or an error naming the problem.</summary>
    public static Config From(Func<string, string?> environment, out string? error)
    {
        error = null;
        if (environment(CertificateVariable) is not { Length: > 0 } path) return Config.Empty;
        var password = environment(PasswordVariable) ?? "";
        try
        {
            // Read it once here so a wrong file or password stops the start with a reason, not a failed handshake later.
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!certificate.HasPrivateKey)
            {
                error = $"{CertificateVariable}={path}: the certificate has no private key";
                return Config.Empty;
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            error = $"{CertificateVariable}={path}: cannot read the certificate ({e.Message}); is {PasswordVariable} right?";
            return Config.Empty;
        }
        var suppress = string.Equals(environment(SuppressValidationVariable), "true", StringComparison.OrdinalIgnoreCase);
        return ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp {
              enable-ssl = true
              ssl {
                suppress-validation = {{(suppress ? "true" : "false")}}
                certificate {
                  path = {{JsonSerializer.Serialize(path)}}
                  password = {{JsonSerializer.Serialize(password)}}
                  flags = [ "exportable" ]
                }
              }
            }
            """);
    }
}
