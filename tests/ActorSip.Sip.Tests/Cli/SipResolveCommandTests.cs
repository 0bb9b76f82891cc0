using ActorSip.Sip.Tests.Locating;

namespace ActorSip.Sip.Tests.Cli;

/// <summary>`actorsip sip resolve` against a real DNS server on 127.0.0.1 that each test starts.</summary>
public sealed class SipResolveCommandTests : IDisposable
{
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    public void Dispose() => _dns.Dispose();

    private CliRunner.Result Resolve(params string[] args) =>
        CliRunner.Run(["sip", "resolve", .. args, "--server", _dns.EndPoint.ToString()]);

    [Fact]
    public void Prints_the_targets_in_failover_order_with_priority_weight_port_and_ttl()
    {
        _dns.Srv("_sip._udp.trunk.test", 300, 20, 0, 5080, "backup.trunk.test")
            .Srv("_sip._udp.trunk.test", 300, 10, 0, 5070, "main.trunk.test")
            .A("main.trunk.test", 60, "192.0.2.10")
            .A("backup.trunk.test", 600, "192.0.2.20");

        var result = Resolve("dns:trunk.test", "--transport", "udp");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Lines;
        Assert.StartsWith($"; dns:trunk.test transport udp, name servers {_dns.EndPoint} (--server)", lines[0]);
        Assert.Equal(["#", "transport", "address", "port", "priority", "weight", "ttl", "host"], Cells(lines[1]));
        Assert.Equal(["1", "udp", "192.0.2.10", "5070", "10", "0", "60", "main.trunk.test"], Cells(lines[2]));
        Assert.Equal(["2", "udp", "192.0.2.20", "5080", "20", "0", "300", "backup.trunk.test"], Cells(lines[3]));
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Tls_asks_for_sips_srv_records()
    {
        _dns.Srv("_sips._tcp.trunk.test", 120, 10, 5, 5061, "tls.trunk.test")
            .A("tls.trunk.test", 120, "192.0.2.30");

        var result = Resolve("dns:trunk.test", "--transport", "tls");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["1", "tls", "192.0.2.30", "5061", "10", "5", "120", "tls.trunk.test"], Cells(result.Lines[2]));
    }

    [Fact]
    public void A_name_without_records_is_a_dns_failure_with_exit_one()
    {
        var result = Resolve("dns:missing.test", "--transport", "udp");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("dns: no SRV/A for missing.test", result.Error);
    }

    [Fact]
    public void An_ip_literal_needs_no_dns()
    {
        var result = CliRunner.Run("sip", "resolve", "ipv4:192.0.2.1:5070");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["1", "udp", "192.0.2.1", "5070", "0", "0", "0", "192.0.2.1"], Cells(result.Lines[2]));
    }

    [Theory]
    [InlineData("trunk.test")]
    [InlineData("dns:trunk.test", "--transport", "sctp")]
    [InlineData("dns:trunk.test", "--transport", "1")]
    [InlineData("dns:trunk.test", "--server", "dns.example.com")]
    public void Bad_input_exits_two(params string[] args)
    {
        var result = CliRunner.Run(["sip", "resolve", .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("actorsip: ", result.Error);
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
