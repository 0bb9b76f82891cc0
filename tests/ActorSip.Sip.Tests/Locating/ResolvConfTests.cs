using System.Net;
using ActorSip.Sip.Locating;

namespace ActorSip.Sip.Tests.Locating;

/// <summary>resolv.conf read the way glibc's resolver reads it.</summary>
public sealed class ResolvConfTests
{
    private static string[] Servers(string text) => ResolvConf.Parse(text).Select(s => s.ToString()).ToArray();

    [Fact]
    public void Nameserver_lines_in_order_port_53()
    {
        Assert.Equal(["10.0.0.2:53", "[2001:db8::53]:53"], Servers("search example.com\nnameserver 10.0.0.2\nnameserver 2001:db8::53\n"));
    }

    [Fact]
    public void Loopback_servers_are_kept()
    {
        // systemd-resolved's stub, a local unbound on ::1.
        Assert.Equal(["127.0.0.53:53", "[::1]:53"], Servers("nameserver 127.0.0.53\nnameserver ::1\n"));
    }

    [Fact]
    public void At_most_three_as_glibc_maxns()
    {
        Assert.Equal(["192.0.2.1:53", "192.0.2.2:53", "192.0.2.3:53"],
            Servers("nameserver 192.0.2.1\nnameserver 192.0.2.2\nnameserver 192.0.2.3\nnameserver 192.0.2.4\n"));
    }

    [Theory]
    [InlineData("# nameserver 192.0.2.9\n;nameserver 192.0.2.8\nnameserver 192.0.2.1")]
    [InlineData("  nameserver 192.0.2.9\nnameserver 192.0.2.1")] // glibc matches the keyword at column 0 only
    [InlineData("nameservers 192.0.2.9\nnameserver 192.0.2.1")]
    [InlineData("nameserver 192.0.2.300\nnameserver not-an-address\nnameserver 192.0.2.1")]
    [InlineData("nameserver\nnameserver 192.0.2.1")]
    [InlineData("nameserver 192.0.2.1 # the office resolver")]
    [InlineData("nameserver\t192.0.2.1;comment")]
    [InlineData("nameserver 192.0.2.1\r\n")]
    public void Comments_malformed_and_invalid_lines_are_skipped(string text)
    {
        Assert.Equal(["192.0.2.1:53"], Servers(text));
    }

    [Fact]
    public void A_scope_id_is_kept_for_link_local_servers()
    {
        var server = Assert.Single(ResolvConf.Parse("nameserver fe80::1%1\n"));
        Assert.Equal(IPAddress.Parse("fe80::1%1"), server.Address);
    }

    [Fact]
    public void No_nameserver_line_or_no_file_means_the_local_machine()
    {
        var dir = Directory.CreateTempSubdirectory("resolvconf-");
        try
        {
            var empty = Path.Combine(dir.FullName, "resolv.conf");
            File.WriteAllText(empty, "search example.com\noptions ndots:2\n");
            Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], ResolvConf.Load(empty, out var source));
            Assert.Contains("lists none", source);

            Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], ResolvConf.Load(Path.Combine(dir.FullName, "missing"), out source));
            Assert.Contains("not readable", source);

            File.WriteAllText(empty, "nameserver 192.0.2.7\n");
            Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.7"), 53)], ResolvConf.Load(empty, out source));
            Assert.Equal(empty, source);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData(" 10.0.0.2:53 ", "10.0.0.2:53")]
    public void Configured_servers_take_an_optional_port(string text, string expected)
    {
        Assert.True(ResolvConf.TryParseServer(text, out var server));
        Assert.Equal(expected, server.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example.com")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("1.2.3:53")]
    [InlineData("[::1]")]
    [InlineData("[::1]:")]
    public void Bad_server_text_is_refused(string text)
    {
        Assert.False(ResolvConf.TryParseServer(text, out _));
    }
}
