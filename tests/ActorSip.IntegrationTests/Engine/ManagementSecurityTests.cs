using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>The management endpoint's token and TLS, against real nodes (no trunk file: the demo configuration).</summary>
public sealed class ManagementSecurityTests
{
    private const string Token = "s3cret-management-token-0123456789";

    [Fact]
    public async Task A_non_loopback_address_without_a_token_is_refused_at_start()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var work = Directory.CreateTempSubdirectory("actorsip-mgmt-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "0.0.0.0:0"], cts.Token,
                new Dictionary<string, string> { ["ACTORSIP_MANAGEMENT_TOKEN"] = "" }));
            Assert.Contains("exit 2", error.Message);
            Assert.Contains("--management 0.0.0.0:0: a non-loopback address needs a token: --management-token-file FILE, --management-tokens FILE or ACTORSIP_MANAGEMENT_TOKEN", error.Message);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_a_token_every_API_needs_it_and_the_cli_sends_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var work = Directory.CreateTempSubdirectory("actorsip-mgmt-");
        try
        {
            var tokenFile = Path.Combine(work.FullName, "token");
            await File.WriteAllTextAsync(tokenFile, Token + "\n", cts.Token);
            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--management-token-file", tokenFile], cts.Token);
            using var http = new HttpClient { BaseAddress = node.Management };
            foreach (var path in new[] { "api/bindings", "api/cluster/members", "api/registrars", "metrics" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, null, cts.Token));
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, "Bearer wrong-" + Token, cts.Token));
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, "Basic " + Token, cts.Token));
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, path, "Bearer " + Token, cts.Token));
            }
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "health", null, cts.Token));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "", null, cts.Token)); // the static page; its data needs the token

            var address = $"127.0.0.1:{node.Management!.Port}";
            var (refused, refusal) = await CliProcess.RunAsync(cts.Token, "cluster", "show", "--node", address);
            Assert.Equal(1, refused);
            Assert.Contains("401", refusal);
            var (code, members) = await CliProcess.RunAsync(cts.Token, "cluster", "show", "--node", address, "--token", Token);
            Assert.True(code == 0, members);
            Assert.Contains("Count: 1 nodes", members);
            Assert.DoesNotContain(Token, node.Output + members + refusal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_a_certificate_the_endpoint_speaks_https_only()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var work = Directory.CreateTempSubdirectory("actorsip-mgmt-");
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var pfx = Path.Combine(work.FullName, "management.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"), cts.Token);

            await using var node = await NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--management-cert", pfx], cts.Token,
                new Dictionary<string, string> { ["ACTORSIP_MANAGEMENT_CERT_PASSWORD"] = "pfx-password", ["ACTORSIP_MANAGEMENT_TOKEN"] = Token });
            Assert.Equal("https", node.Management!.Scheme);
            X509Certificate2? presented = null;
            using var handler = new HttpClientHandler
            {
                // Trust exactly the certificate this test made, nothing else.
                ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                {
                    presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                    return cert?.Thumbprint == certificate.Thumbprint;
                },
            };
            using var https = new HttpClient(handler) { BaseAddress = node.Management };
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(https, "api/bindings", null, cts.Token));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(https, "api/bindings", "Bearer " + Token, cts.Token));
            Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);

            // Plain HTTP to the same port is not answered as HTTP.
            using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.Management.Port}/"), Timeout = TimeSpan.FromSeconds(5) };
            await Assert.ThrowsAnyAsync<Exception>(() => plain.GetStringAsync("api/bindings", cts.Token));

            var wrongPassword = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(
                ["--data", Path.Combine(work.FullName, "data2"), "--sip", "127.0.0.1:0", "--management", "127.0.0.1:0", "--management-cert", pfx], cts.Token,
                new Dictionary<string, string> { ["ACTORSIP_MANAGEMENT_CERT_PASSWORD"] = "not-the-password" }));
            Assert.Contains("--management-cert: " + pfx, wrongPassword.Message);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string? authorization, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }
}
