using System.Text;

namespace ActorSip.Benchmarks;

/// <summary>The messages a registration agent handles all day: its REGISTER, the registrar's 401 and 200.</summary>
public static class SampleMessages
{
    public static readonly byte[] Register = Encoding.ASCII.GetBytes(
        "REGISTER sip:example1.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:1111@example1.com>\r\n" +
        "From: <sip:1111@example1.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@192.0.2.10\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "Contact: <sip:1111@192.0.2.10:5060>;expires=180\r\n" +
        "Authorization: Digest username=\"1111\", realm=\"Realm.example1.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", uri=\"sip:example1.com\", response=\"dfe56131d1958046689d83306477ecc\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001\r\n" +
        "Expires: 180\r\n" +
        "User-Agent: ActorSip\r\n" +
        "Content-Length: 0\r\n\r\n");

    public static readonly byte[] Unauthorized = Encoding.ASCII.GetBytes(
        "SIP/2.0 401 Unauthorized\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.10\r\n" +
        "To: <sip:1111@example1.com>;tag=2493k59kd\r\n" +
        "From: <sip:1111@example1.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@192.0.2.10\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "WWW-Authenticate: Digest realm=\"Realm.example1.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", algorithm=MD5, qop=\"auth\"\r\n" +
        "Server: kamailio (5.6.3 (x86_64/linux))\r\n" +
        "Content-Length: 0\r\n\r\n");

    public static readonly byte[] Ok = Encoding.ASCII.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.10\r\n" +
        "To: <sip:1111@example1.com>;tag=2493k59kd\r\n" +
        "From: <sip:1111@example1.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@192.0.2.10\r\n" +
        "CSeq: 1827 REGISTER\r\n" +
        "Contact: <sip:1111@192.0.2.10:5060>;expires=180\r\n" +
        "Server: kamailio (5.6.3 (x86_64/linux))\r\n" +
        "Content-Length: 0\r\n\r\n");
}
