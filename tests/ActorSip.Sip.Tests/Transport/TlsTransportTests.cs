using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

public sealed class TlsTransportTests
{
    [Fact]
    public async Task Register_and_200_are_exchanged_over_tls_with_a_self_signed_certificate()
    {
        using var certificate = TestCertificates.SelfSigned();
        var thumbprint = certificate.GetCertHashString();
        var serverInbox = new MessageInbox();
        var clientInbox = new MessageInbox();
        await using var server = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions { ServerCertificate = certificate }, serverInbox.Handler);
        var presented = new List<string>();
        await using var client = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions
            {
                ServerCertificate = certificate,
                TargetHost = _ => "localhost",
                // Trust exactly the certificate this test made, nothing else.
                ServerCertificateValidation = (_, cert, _, _) =>
                {
                    if (cert is not null) presented.Add(cert.GetCertHashString());
                    return cert is not null && cert.GetCertHashString() == thumbprint;
                },
            },
            clientInbox.Handler);

        await client.SendAsync(TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-tls"), server.LocalEndPoint);
        var arrived = await serverInbox.NextAsync();
        Assert.Equal(SipTransportKind.Tls, arrived.Transport);
        var request = Assert.IsType<SipRequest>(arrived.Message);
        Assert.Equal("TLS", request.TopVia!.Transport);

        await server.SendAsync(SipResponse.For(request, 200, "OK", "tt"), arrived.Remote);
        var answer = await clientInbox.NextAsync();
        Assert.Equal(200, Assert.IsType<SipResponse>(answer.Message).StatusCode);
        Assert.Equal([thumbprint], presented);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_the_send_with_the_reason()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions { ServerCertificate = certificate }, _ => { });
        // Platform validation: a self-signed certificate is not trusted.
        await using var client = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions { ServerCertificate = certificate, TargetHost = _ => "localhost" }, _ => { });

        var request = TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-untrusted");
        var refused = await Assert.ThrowsAsync<SipTlsCertificateException>(async () => await client.SendAsync(request, server.LocalEndPoint));
        Assert.IsAssignableFrom<AuthenticationException>(refused);
        Assert.Contains("UntrustedRoot", refused.Reason, StringComparison.Ordinal);
        Assert.StartsWith("certificate not trusted: ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.ConnectionCount);
    }

    [Fact]
    public async Task A_client_without_a_certificate_checks_the_server_against_the_given_roots_and_sends_the_name_as_sni()
    {
        using var ca = TestCertificates.Authority("Test CA");
        using var certificate = TestCertificates.IssuedBy(ca, "registrar.test");
        await using var server = await TlsServer.StartAsync(certificate);
        var inbox = new MessageInbox();
        await using var client = SipStreamTransport.ConnectTls(new IPEndPoint(IPAddress.Loopback, 5060),
            new SipTlsOptions { TrustedRoots = [ca] }, inbox.Handler);
        Assert.False(client.IsListening);

        // Two requests for the same name share one connection; its SNI is the name, not the address.
        await client.SendAsync(TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-a"), server.EndPoint, "registrar.test");
        await client.SendAsync(TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-b", 2), server.EndPoint, "registrar.test");
        Assert.Contains("z9hG4bK-a", await server.ReadUntilAsync("z9hG4bK-b"), StringComparison.Ordinal);
        Assert.Equal(["registrar.test"], server.ServerNames);
        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task A_certificate_for_another_name_or_from_another_ca_is_refused_with_what_is_wrong()
    {
        using var ca = TestCertificates.Authority("Test CA");
        using var otherCa = TestCertificates.Authority("Other CA");
        using var certificate = TestCertificates.IssuedBy(ca, "registrar.test");
        await using var server = await TlsServer.StartAsync(certificate);
        await using var trusting = SipStreamTransport.ConnectTls(new IPEndPoint(IPAddress.Loopback, 5060), new SipTlsOptions { TrustedRoots = [ca] }, _ => { });
        await using var other = SipStreamTransport.ConnectTls(new IPEndPoint(IPAddress.Loopback, 5060), new SipTlsOptions { TrustedRoots = [otherCa] }, _ => { });
        var request = TestRequests.Register(SipTransportKind.Tls, trusting.LocalEndPoint, "z9hG4bK-x");

        var wrongName = await Assert.ThrowsAsync<SipTlsCertificateException>(async () => await trusting.SendAsync(request, server.EndPoint, "elsewhere.test"));
        Assert.Contains("name mismatch: the certificate is not for 'elsewhere.test'", wrongName.Reason, StringComparison.Ordinal);
        var wrongCa = await Assert.ThrowsAsync<SipTlsCertificateException>(async () => await other.SendAsync(request, server.EndPoint, "registrar.test"));
        Assert.Contains("issuer 'CN=Test CA'", wrongCa.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("name mismatch", wrongCa.Reason, StringComparison.Ordinal);
        Assert.Equal(0, trusting.ConnectionCount + other.ConnectionCount);
    }

    [Fact]
    public async Task A_connection_the_server_closes_is_reported_lost_and_the_next_send_opens_a_new_one()
    {
        using var ca = TestCertificates.Authority("Test CA");
        using var certificate = TestCertificates.IssuedBy(ca, "registrar.test");
        await using var server = await TlsServer.StartAsync(certificate);
        await using var client = SipStreamTransport.ConnectTls(new IPEndPoint(IPAddress.Loopback, 5060), new SipTlsOptions { TrustedRoots = [ca] }, _ => { });
        var lost = new TaskCompletionSource<SipConnectionLost>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionLost += l => lost.TrySetResult(l);

        await client.SendAsync(TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-1"), server.EndPoint, "registrar.test");
        await server.ReadUntilAsync("z9hG4bK-1");
        server.CloseAll();
        var report = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipTransportKind.Tls, report.Transport);
        Assert.Equal(server.EndPoint, report.Remote);
        Assert.Equal("registrar.test", report.ServerName);

        await client.SendAsync(TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-2", 2), server.EndPoint, "registrar.test");
        await server.ReadUntilAsync("z9hG4bK-2");
        Assert.Equal(2, server.Accepted);
    }

    /// <summary>A bare TLS server (SslStream) that records the SNI of each connection and what arrives.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly X509Certificate2 _certificate;
        private readonly List<SslStream> _streams = [];
        private readonly System.Text.StringBuilder _received = new();
        private readonly Task _loop;

        private TlsServer(X509Certificate2 certificate)
        {
            _certificate = certificate;
            _listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;
        public List<string> ServerNames { get; } = [];
        public int Accepted { get; private set; }

        public static Task<TlsServer> StartAsync(X509Certificate2 certificate) => Task.FromResult(new TlsServer(certificate));

        private async Task AcceptAsync()
        {
            while (true)
            {
                System.Net.Sockets.TcpClient tcp;
                try { tcp = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var ssl = new SslStream(tcp.GetStream());
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate });
                }
                catch (Exception)
                {
                    await ssl.DisposeAsync(); // the client refused us
                    continue;
                }
                lock (_streams)
                {
                    Accepted++;
                    ServerNames.Add(ssl.TargetHostName);
                    _streams.Add(ssl);
                }
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[4096];
                    try
                    {
                        int n;
                        while ((n = await ssl.ReadAsync(buffer)) > 0)
                            lock (_received) _received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                    }
                    catch (Exception)
                    {
                        // closed
                    }
                });
            }
        }

        public async Task<string> ReadUntilAsync(string marker)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                lock (_received)
                    if (_received.ToString().Contains(marker, StringComparison.Ordinal)) return _received.ToString();
                await Task.Delay(20, cts.Token);
            }
        }

        public void CloseAll()
        {
            lock (_streams)
            {
                foreach (var s in _streams) s.Dispose();
                _streams.Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            CloseAll();
            try { await _loop; } catch (Exception) { }
        }
    }
}
