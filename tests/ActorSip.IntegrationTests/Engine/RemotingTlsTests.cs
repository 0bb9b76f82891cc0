using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ActorSip.IntegrationTests.Peers;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// Akka remoting over TLS (ACTORSIP_REMOTE_CERT / ACTORSIP_REMOTE_CERT_PASSWORD): two real nodes with a certificate generated here form a
/// cluster, and the remoting port speaks TLS (a TLS handshake with the certificate succeeds; plain bytes get no
/// Akka answer).
/// </summary>
public sealed class RemotingTlsTests
{
    [Fact]
    public async Task Two_nodes_form_a_cluster_over_tls_and_the_remoting_port_speaks_tls()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = cts.Token;
        var work = Directory.CreateTempSubdirectory("actorsip-tls-");
        try
        {
            const string password = "pfx-test-password";
            using var certificate = SelfSigned();
            var pfx = Path.Combine(work.FullName, "node.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, password), ct);
            var env = new Dictionary<string, string>
            {
                ["ACTORSIP_REMOTE_CERT"] = pfx, ["ACTORSIP_REMOTE_CERT_PASSWORD"] = password, ["ACTORSIP_REMOTE_TLS_SUPPRESS_VALIDATION"] = "true",
            };
            var ports = new[] { FreePort.Pick(), FreePort.Pick() };
            string[] Args(int i) =>
            [
                "--data", Path.Combine(work.FullName, $"node{i}"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0",
                "--cluster-port", ports[i].ToString(), "--seed-nodes", $"127.0.0.1:{ports[0]}",
            ];
            await using var first = await NodeProcess.StartAsync(Args(0), ct, env);
            await using var second = await NodeProcess.StartAsync(Args(1), ct, env);
            await Eventually.Until(() => second.GetAsync("api/cluster/members", ct),
                m => JsonDocument.Parse(m).RootElement.EnumerateArray().Count(x => x.GetProperty("status").GetString() == "Up") == 2,
                TimeSpan.FromSeconds(40), "2 members Up over TLS", () => first.Output + "\n---\n" + second.Output);

            // The port speaks TLS: a handshake presenting the certificate completes.
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync("127.0.0.1", ports[0], ct);
                await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost", ClientCertificates = [certificate],
                }, ct);
                Assert.True(tls.IsEncrypted);
                Assert.NotNull(tls.RemoteCertificate);
            }
            // Plain TCP bytes are not Akka's protocol over TLS: the node closes the connection without answering.
            using (var plain = new TcpClient())
            {
                await plain.ConnectAsync("127.0.0.1", ports[0], ct);
                var stream = plain.GetStream();
                await stream.WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), ct);
                var buffer = new byte[256];
                using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
                read.CancelAfter(TimeSpan.FromSeconds(10));
                int n;
                try
                {
                    n = await stream.ReadAsync(buffer, read.Token);
                }
                catch (IOException)
                {
                    n = 0; // reset by the node
                }
                Assert.Equal(0, n);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_start_with_the_reason()
    {
        var work = Directory.CreateTempSubdirectory("actorsip-tls-");
        try
        {
            using var certificate = SelfSigned();
            var pfx = Path.Combine(work.FullName, "node.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "right"));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0"], CancellationToken.None,
                new Dictionary<string, string> { ["ACTORSIP_REMOTE_CERT"] = pfx, ["ACTORSIP_REMOTE_CERT_PASSWORD"] = "wrong" }));
            Assert.Contains("ACTORSIP_REMOTE_CERT=", error.Message);
            Assert.Contains("cannot read the certificate", error.Message);
            Assert.DoesNotContain("wrong", error.Message.Replace("is ACTORSIP_REMOTE_CERT_PASSWORD right", "", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=actorsip-node", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client auth
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx, "x"), "x", X509KeyStorageFlags.Exportable);
    }
}
