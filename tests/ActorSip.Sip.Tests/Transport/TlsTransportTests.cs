using System.Net;
using System.Security.Authentication;
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
    public async Task An_untrusted_certificate_fails_the_send_as_a_transport_error()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions { ServerCertificate = certificate }, _ => { });
        // Platform validation: a self-signed certificate is not trusted.
        await using var client = SipStreamTransport.ListenTls(new IPEndPoint(IPAddress.Loopback, 0),
            new SipTlsOptions { ServerCertificate = certificate, TargetHost = _ => "localhost" }, _ => { });

        var request = TestRequests.Register(SipTransportKind.Tls, client.LocalEndPoint, "z9hG4bK-untrusted");
        await Assert.ThrowsAsync<AuthenticationException>(async () => await client.SendAsync(request, server.LocalEndPoint));
        Assert.Equal(0, client.ConnectionCount);
    }
}
