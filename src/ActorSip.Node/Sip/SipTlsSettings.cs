using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorSip.Sip.Transport;

namespace ActorSip.Node.Sip;

/// <summary>
/// SIP over TLS for a node (<c>actorsip.sip.tls</c>, <c>--sip-tls</c>): registering over TLS needs none of it (the
/// node always has a TLS client); a listener for inbound TLS needs an address and a certificate; a CA bundle
/// replaces the system store for checking registrars' certificates. Read at start so a bad file stops the node.
/// </summary>
public sealed record SipTlsSettings(IPEndPoint? Listen, X509Certificate2? Certificate, X509Certificate2Collection? TrustedRoots, string? CaFile)
{
    public const string CertificatePasswordVariable = "ACTORSIP_SIP_TLS_CERT_PASSWORD";

    public static readonly SipTlsSettings None = new(null, null, null, null);

    /// <summary>What the transports get: the roots to check servers against, and the listener's certificate.</summary>
    public SipTlsOptions ToOptions() => new() { ServerCertificate = Certificate, TrustedRoots = TrustedRoots };

    public static bool TryLoad(string? listenText, string? certificateFile, string? caFile, out SipTlsSettings settings, out string error)
    {
        settings = None;
        IPEndPoint? listen = null;
        if (!string.IsNullOrWhiteSpace(listenText))
        {
            if (!NodeOptionsLoader.TryEndPoint(listenText, out var parsed))
            {
                error = $"--sip-tls: '{listenText}' is not ADDRESS:PORT (e.g. 0.0.0.0:5061)";
                return false;
            }
            listen = parsed;
        }
        X509Certificate2? certificate = null;
        if (!string.IsNullOrWhiteSpace(certificateFile))
        {
            if (!File.Exists(certificateFile))
            {
                error = $"actorsip.sip.tls.certificate: file '{certificateFile}' not found";
                return false;
            }
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certificateFile, Environment.GetEnvironmentVariable(CertificatePasswordVariable));
            }
            catch (CryptographicException e)
            {
                error = $"actorsip.sip.tls.certificate: {certificateFile}: {e.Message} (password from {CertificatePasswordVariable})";
                return false;
            }
            if (!certificate.HasPrivateKey)
            {
                error = $"actorsip.sip.tls.certificate: {certificateFile}: the certificate has no private key";
                return false;
            }
        }
        if (listen is not null && certificate is null)
        {
            error = $"--sip-tls {listen}: a TLS listener needs a certificate: actorsip.sip.tls.certificate = FILE.pfx (password in {CertificatePasswordVariable})";
            return false;
        }
        X509Certificate2Collection? roots = null;
        if (!string.IsNullOrWhiteSpace(caFile))
        {
            if (!File.Exists(caFile))
            {
                error = $"actorsip.sip.tls.ca-file: file '{caFile}' not found";
                return false;
            }
            roots = [];
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (CryptographicException e)
            {
                error = $"actorsip.sip.tls.ca-file: {caFile}: {e.Message}";
                return false;
            }
            if (roots.Count == 0)
            {
                error = $"actorsip.sip.tls.ca-file: {caFile}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it";
                return false;
            }
        }
        settings = new SipTlsSettings(listen, certificate, roots, string.IsNullOrWhiteSpace(caFile) ? null : Path.GetFullPath(caFile));
        error = "";
        return true;
    }
}
