using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>A certificate authority made for one test, and server certificates it signs, written as PEM files
/// (what Kamailio's tls module and actorsip.sip.tls.ca-file read).</summary>
public sealed class TestPki : IDisposable
{
    private readonly X509Certificate2 _ca;

    private TestPki(X509Certificate2 ca, string directory)
    {
        _ca = ca;
        Directory = directory;
        CaFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The CA certificate, PEM.</summary>
    public string CaFile { get; }

    public static TestPki Create(string directory, string name)
    {
        // The CA's key lives as long as the certificate made with it (it signs with it).
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        System.IO.Directory.CreateDirectory(directory);
        return new TestPki(ca, directory);
    }

    /// <summary>A server certificate for 127.0.0.1 and <paramref name="dnsNames"/>, signed by this CA:
    /// (certificate PEM path, private key PEM path).</summary>
    public (string CertificateFile, string KeyFile) IssueServer(string fileName, params string[] dnsNames) =>
        IssueServer(fileName, includeLoopback: true, dnsNames);

    /// <summary>As <see cref="IssueServer(string, string[])"/>; without <paramref name="includeLoopback"/> the
    /// certificate names only <paramref name="dnsNames"/>, so only a client checking one of them accepts it.</summary>
    public (string CertificateFile, string KeyFile) IssueServer(string fileName, bool includeLoopback, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={(dnsNames.Length > 0 ? dnsNames[0] : "127.0.0.1")}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (includeLoopback) san.AddIpAddress(IPAddress.Loopback);
        foreach (var n in dnsNames) san.AddDnsName(n);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(_ca, now.AddMinutes(-5), now.AddHours(12), serial);
        var certificateFile = Path.Combine(Directory, fileName + ".pem");
        var keyFile = Path.Combine(Directory, fileName + ".key");
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    /// <summary>The same as a PKCS#12 file with its key (what actorsip.sip.tls.certificate reads).</summary>
    public string IssueServerPfx(string fileName, string password, params string[] dnsNames)
    {
        var (certificateFile, keyFile) = IssueServer(fileName, dnsNames);
        using var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var pfx = Path.Combine(Directory, fileName + ".pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, password));
        return pfx;
    }

    public void Dispose() => _ca.Dispose();
}
