using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Locating;
using ARSoft.Tools.Net.Dns;

namespace ActorSip.Sip.Tests.Locating;

/// <summary>RFC 3263 location against a real DNS server on 127.0.0.1 started by each test.</summary>
public sealed class DnsSipServerLocatorTests : IDisposable
{
    // Bounds every test: a hung DNS exchange fails the test instead of hanging the run.
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(20));
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    // Generous enough that a slow first answer (JIT, two busy cores) is not retried: several tests count queries.
    private static readonly SipLocatorOptions TestOptions = new() { QueryTimeout = TimeSpan.FromSeconds(3), Retries = 1 };

    public void Dispose()
    {
        _dns.Dispose();
        _testTimeout.Dispose();
    }

    private DnsSipServerLocator Locator(Random? random = null, TimeProvider? time = null, SipLocatorOptions? options = null) =>
        new([_dns.EndPoint], options ?? TestOptions, time, random ?? new Random(1));

    private Task<LocateResult> Locate(DnsSipServerLocator locator, string iosTarget, SipTransportKind? transport = null, bool secure = false)
    {
        Assert.True(SipTargetSpec.TryParseIosTarget(iosTarget, transport, secure, out var spec, out var error), error);
        return locator.LocateAsync(spec, _testTimeout.Token);
    }

    private static SipTarget Target(string address, int port, SipTransportKind transport, string host, int priority = 0, int weight = 0) =>
        new(new IPEndPoint(IPAddress.Parse(address), port), transport, host, priority, weight);

    [Fact]
    public async Task Follows_naptr_to_srv_to_addresses()
    {
        _dns.Naptr("example.test", 300, 10, 10, "s", "SIP+D2T", "_sip._tcp.example.test")
            .Naptr("example.test", 300, 20, 10, "s", "SIP+D2U", "_sip._udp.example.test")
            .Naptr("example.test", 300, 5, 10, "u", "E2U+sip", ".")
            .Srv("_sip._tcp.example.test", 300, 10, 0, 5070, "tcp1.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "udp1.example.test")
            .A("tcp1.example.test", 300, "192.0.2.10")
            .Aaaa("tcp1.example.test", 300, "2001:db8::10")
            .A("udp1.example.test", 300, "192.0.2.20");

        var result = await Locate(Locator(), "dns:example.test");

        Assert.True(result.IsSuccess, result.Failure?.Detail);
        Assert.Equal(
            [
                Target("192.0.2.10", 5070, SipTransportKind.Tcp, "tcp1.example.test", 10),
                Target("2001:db8::10", 5070, SipTransportKind.Tcp, "tcp1.example.test", 10),
                Target("192.0.2.20", 5060, SipTransportKind.Udp, "udp1.example.test", 10),
            ],
            result.Targets);
        // NAPTR answered, so no SRV probing of names the NAPTR did not point to.
        Assert.Equal(0, _dns.CountQueries("_sips._tcp.example.test", RecordType.Srv));
    }

    [Fact]
    public async Task Orders_srv_by_priority_then_weighted_choice()
    {
        _dns.Srv("_sip._udp.example.test", 300, 20, 0, 5060, "backup.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "zero.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 100, 5062, "heavy.example.test")
            .A("backup.example.test", 300, "192.0.2.3")
            .A("zero.example.test", 300, "192.0.2.1")
            .A("heavy.example.test", 300, "192.0.2.2");

        // Priority 10 list: zero(0) heavy(100), sums 0, 100. Pick 100 -> heavy; then zero alone (pick 0); then backup.
        var random = new ScriptedRandom(100, 0, 0);
        var result = await Locate(Locator(random), "dns:example.test", SipTransportKind.Udp);

        Assert.True(result.IsSuccess, result.Failure?.Detail);
        Assert.Equal(
            [
                Target("192.0.2.2", 5062, SipTransportKind.Udp, "heavy.example.test", 10, 100),
                Target("192.0.2.1", 5060, SipTransportKind.Udp, "zero.example.test", 10, 0),
                Target("192.0.2.3", 5060, SipTransportKind.Udp, "backup.example.test", 20, 0),
            ],
            result.Targets);
        Assert.Equal([(0, 101), (0, 1), (0, 1)], random.Requests);
        // A configured transport skips NAPTR (RFC 3263 §4.1).
        Assert.Equal(0, _dns.CountQueries("example.test", RecordType.Naptr));
    }

    [Fact]
    public async Task Without_naptr_probes_srv_in_the_configured_transport_order()
    {
        _dns.A("example.test", 300, "192.0.2.99")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "udp.example.test")
            .Srv("_sips._tcp.example.test", 300, 10, 0, 5061, "tls.example.test")
            .A("udp.example.test", 300, "192.0.2.1")
            .A("tls.example.test", 300, "192.0.2.2");

        var result = await Locate(Locator(), "dns:example.test");

        Assert.True(result.IsSuccess, result.Failure?.Detail);
        Assert.Equal(
            [
                Target("192.0.2.2", 5061, SipTransportKind.Tls, "tls.example.test", 10),
                Target("192.0.2.1", 5060, SipTransportKind.Udp, "udp.example.test", 10),
            ],
            result.Targets);
        Assert.Equal(1, _dns.CountQueries("example.test", RecordType.Naptr));
        Assert.Equal(1, _dns.CountQueries("_sip._tcp.example.test", RecordType.Srv));
        // SRV was found, so the domain's own A record is not a target.
        Assert.Equal(0, _dns.CountQueries("example.test", RecordType.A));
    }

    [Fact]
    public async Task Sips_target_probes_only_sips_srv()
    {
        _dns.A("example.test", 300, "192.0.2.99")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "udp.example.test")
            .Srv("_sips._tcp.example.test", 300, 10, 0, 5061, "tls.example.test")
            .A("udp.example.test", 300, "192.0.2.1")
            .A("tls.example.test", 300, "192.0.2.2");

        var result = await Locate(Locator(), "dns:example.test", secure: true);

        Assert.Equal([Target("192.0.2.2", 5061, SipTransportKind.Tls, "tls.example.test", 10)], result.Targets);
        Assert.Equal(0, _dns.CountQueries("_sip._udp.example.test", RecordType.Srv));
    }

    [Fact]
    public async Task Without_naptr_or_srv_uses_the_host_address_on_udp_5060()
    {
        _dns.A("example.test", 300, "192.0.2.7").Aaaa("example.test", 300, "2001:db8::7");

        var result = await Locate(Locator(), "dns:example.test");

        Assert.Equal(
            [
                Target("192.0.2.7", 5060, SipTransportKind.Udp, "example.test"),
                Target("2001:db8::7", 5060, SipTransportKind.Udp, "example.test"),
            ],
            result.Targets);
    }

    [Fact]
    public async Task Configured_tls_without_srv_uses_the_host_address_on_5061()
    {
        _dns.A("example.test", 300, "192.0.2.7");

        var result = await Locate(Locator(), "dns:example.test", SipTransportKind.Tls);

        Assert.Equal([Target("192.0.2.7", 5061, SipTransportKind.Tls, "example.test")], result.Targets);
        Assert.Equal(1, _dns.CountQueries("_sips._tcp.example.test", RecordType.Srv));
    }

    [Fact]
    public async Task Explicit_port_asks_only_for_addresses()
    {
        _dns.Naptr("example.test", 300, 10, 10, "s", "SIP+D2T", "_sip._tcp.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "other.example.test")
            .A("example.test", 300, "192.0.2.5");

        var result = await Locate(Locator(), "dns:example.test:5080", SipTransportKind.Tcp);

        Assert.Equal([Target("192.0.2.5", 5080, SipTransportKind.Tcp, "example.test")], result.Targets);
        Assert.DoesNotContain(_dns.Queries, q => q.Type is RecordType.Naptr or RecordType.Srv);
        Assert.Equal(1, _dns.CountQueries("example.test", RecordType.A));
        Assert.Equal(1, _dns.CountQueries("example.test", RecordType.Aaaa));
    }

    [Theory]
    [InlineData("ipv4:192.0.2.44", null, false, "192.0.2.44", 5060, SipTransportKind.Udp)]
    [InlineData("ipv4:192.0.2.44:5090", SipTransportKind.Tcp, false, "192.0.2.44", 5090, SipTransportKind.Tcp)]
    [InlineData("ipv4:192.0.2.44", null, true, "192.0.2.44", 5061, SipTransportKind.Tls)]
    [InlineData("ipv6:[2001:db8::44]", null, false, "2001:db8::44", 5060, SipTransportKind.Udp)]
    [InlineData("ipv6:[2001:db8::44]:5099", SipTransportKind.Tls, false, "2001:db8::44", 5099, SipTransportKind.Tls)]
    public async Task Numeric_targets_do_not_touch_dns(
        string text, SipTransportKind? transport, bool secure, string address, int port, SipTransportKind expected)
    {
        var result = await Locate(Locator(), text, transport, secure);

        Assert.Equal([Target(address, port, expected, address)], result.Targets);
        Assert.Empty(_dns.Queries);
    }

    [Fact]
    public async Task Ipv6_only_hosts_resolve_through_aaaa()
    {
        _dns.Srv("_sip._tcp.example.test", 300, 10, 0, 5060, "v6.example.test")
            .Aaaa("v6.example.test", 300, "2001:db8::1")
            .Aaaa("v6.example.test", 300, "2001:db8::2");

        var result = await Locate(Locator(), "dns:example.test", SipTransportKind.Tcp);

        Assert.Equal(
            [
                Target("2001:db8::1", 5060, SipTransportKind.Tcp, "v6.example.test", 10),
                Target("2001:db8::2", 5060, SipTransportKind.Tcp, "v6.example.test", 10),
            ],
            result.Targets);
        Assert.All(result.Targets, t => Assert.Equal(AddressFamily.InterNetworkV6, t.EndPoint.AddressFamily));
    }

    [Fact]
    public async Task Ipv6_first_preference_puts_aaaa_before_a()
    {
        _dns.A("example.test", 300, "192.0.2.8").Aaaa("example.test", 300, "2001:db8::8");

        var options = TestOptions with { AddressPreference = AddressFamilyPreference.IPv6First };
        var result = await Locate(Locator(options: options), "dns:example.test:5060");

        Assert.Equal(
            [
                Target("2001:db8::8", 5060, SipTransportKind.Udp, "example.test"),
                Target("192.0.2.8", 5060, SipTransportKind.Udp, "example.test"),
            ],
            result.Targets);
    }

    [Fact]
    public async Task Unknown_domain_fails_with_name_not_found()
    {
        _dns.A("other.test", 300, "192.0.2.1");

        var result = await Locate(Locator(), "dns:missing.test");

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Targets);
        Assert.Equal(LocateFailureKind.NameNotFound, result.Failure!.Kind);
        Assert.Equal("missing.test", result.Failure.Name);
        // NXDOMAIN for the domain ends the search: nothing can exist below it.
        Assert.Equal([("missing.test", RecordType.Naptr)], _dns.Queries.Distinct());
    }

    [Fact]
    public async Task Srv_target_without_addresses_fails_naming_the_target()
    {
        _dns.A("example.test", 300, "192.0.2.1")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "gone.example.test");

        var result = await Locate(Locator(), "dns:example.test", SipTransportKind.Udp);

        Assert.Equal(LocateFailureKind.NameNotFound, result.Failure!.Kind);
        Assert.Equal("gone.example.test", result.Failure.Name);
    }

    [Fact]
    public async Task Name_without_addresses_fails_with_no_records()
    {
        _dns.Srv("_sip._udp.other.example.test", 300, 10, 0, 5060, "x.example.test")
            .Naptr("example.test", 300, 10, 10, "u", "E2U+sip", ".");

        var result = await Locate(Locator(), "dns:example.test:5060");

        Assert.Equal(LocateFailureKind.NoRecords, result.Failure!.Kind);
        Assert.Equal("example.test", result.Failure.Name);
    }

    [Fact]
    public async Task Silent_dns_server_fails_with_timeout_in_bounded_time()
    {
        // A bound socket that never answers: queries time out instead of being refused by ICMP.
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new SipLocatorOptions { QueryTimeout = TimeSpan.FromMilliseconds(300), Retries = 1 };
        var locator = new DnsSipServerLocator([(IPEndPoint)blackHole.LocalEndPoint!], options);
        Assert.True(SipTargetSpec.TryParseIosTarget("dns:example.test", out var spec, out _));

        var clock = Stopwatch.StartNew();
        var result = await locator.LocateAsync(spec, _testTimeout.Token);
        clock.Stop();

        Assert.Equal(LocateFailureKind.Timeout, result.Failure!.Kind);
        Assert.Equal("example.test", result.Failure.Name);
        // Two attempts of 300 ms, with slack for a busy machine; the NAPTR timeout stops the chain.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Closed_dns_port_fails_without_throwing()
    {
        // Nothing bound: the kernel refuses with ICMP. Whether DnsClient reports that as an error or waits out
        // the timeout, the caller gets a failure result naming the domain, not an exception.
        var port = LoopbackDnsServer.FreeUdpPort();
        var options = new SipLocatorOptions { QueryTimeout = TimeSpan.FromMilliseconds(300), Retries = 1 };
        var locator = new DnsSipServerLocator([new IPEndPoint(IPAddress.Loopback, port)], options);
        Assert.True(SipTargetSpec.TryParseIosTarget("dns:example.test", out var spec, out _));

        var clock = Stopwatch.StartNew();
        var result = await locator.LocateAsync(spec, _testTimeout.Token);

        Assert.Contains(result.Failure!.Kind, new[] { LocateFailureKind.Timeout, LocateFailureKind.DnsError });
        Assert.Equal("example.test", result.Failure.Name);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Server_failure_stops_the_chain_with_a_dns_error()
    {
        _dns.A("example.test", 300, "192.0.2.1").ServerFailure("_sips._tcp.example.test");

        var result = await Locate(Locator(), "dns:example.test", SipTransportKind.Tls);

        Assert.Equal(LocateFailureKind.DnsError, result.Failure!.Kind);
        Assert.Equal("_sips._tcp.example.test", result.Failure.Name);
        // A broken server is not the same as "no SRV": no fallback to the A record.
        Assert.Equal(0, _dns.CountQueries("example.test", RecordType.A));
    }

    [Fact]
    public async Task Sips_naptr_chain_keeps_only_tls()
    {
        _dns.Naptr("example.test", 300, 10, 10, "s", "SIP+D2U", "_sip._udp.example.test")
            .Naptr("example.test", 300, 20, 10, "s", "SIPS+D2T", "_sips._tcp.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "udp.example.test")
            .Srv("_sips._tcp.example.test", 300, 10, 0, 5061, "tls.example.test")
            .A("udp.example.test", 300, "192.0.2.1")
            .A("tls.example.test", 300, "192.0.2.2");

        var result = await Locate(Locator(), "dns:example.test", secure: true);

        Assert.Equal([Target("192.0.2.2", 5061, SipTransportKind.Tls, "tls.example.test", 10)], result.Targets);
        Assert.Equal(0, _dns.CountQueries("_sip._udp.example.test", RecordType.Srv));
    }

    [Fact]
    public async Task Caches_for_the_smallest_ttl_then_asks_again()
    {
        _dns.Srv("_sip._udp.example.test", 300, 10, 0, 5060, "sip.example.test")
            .A("sip.example.test", 120, "192.0.2.1");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var locator = Locator(time: time);

        var first = await Locate(locator, "dns:example.test", SipTransportKind.Udp);
        time.Advance(TimeSpan.FromSeconds(60));
        var second = await Locate(locator, "dns:example.test", SipTransportKind.Udp);

        Assert.True(first.IsSuccess, first.Failure?.Detail);
        Assert.Same(first, second);
        Assert.Equal(1, _dns.CountQueries("_sip._udp.example.test", RecordType.Srv));
        Assert.Equal(1, _dns.CountQueries("sip.example.test", RecordType.A));

        // 120 s is the smallest TTL (the A record); at 120 s the entry is stale.
        time.Advance(TimeSpan.FromSeconds(60));
        var third = await Locate(locator, "dns:example.test", SipTransportKind.Udp);

        Assert.NotSame(first, third);
        Assert.Equal(first.Targets, third.Targets);
        Assert.Equal(2, _dns.CountQueries("_sip._udp.example.test", RecordType.Srv));
        Assert.Equal(2, _dns.CountQueries("sip.example.test", RecordType.A));
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var locator = Locator(time: time);

        var first = await Locate(locator, "dns:late.test:5060");
        _dns.A("late.test", 300, "192.0.2.50");
        var second = await Locate(locator, "dns:late.test:5060");

        Assert.Equal(LocateFailureKind.NameNotFound, first.Failure!.Kind);
        Assert.Equal([Target("192.0.2.50", 5060, SipTransportKind.Udp, "late.test")], second.Targets);
    }

    [Fact]
    public async Task Cursor_fails_over_through_the_located_targets()
    {
        _dns.Srv("_sip._udp.example.test", 300, 10, 0, 5060, "primary.example.test")
            .Srv("_sip._udp.example.test", 300, 20, 0, 5060, "secondary.example.test")
            .A("primary.example.test", 300, "192.0.2.1")
            .Aaaa("primary.example.test", 300, "2001:db8::1")
            .A("secondary.example.test", 300, "192.0.2.2");
        var result = await Locate(Locator(), "dns:example.test", SipTransportKind.Udp);
        var cursor = new SipTargetCursor(result.Targets);

        // Each Next() stands for a timeout, transport error or 503 on the current target.
        var tried = new List<string> { cursor.Current!.EndPoint.ToString() };
        while (cursor.Next())
        {
            tried.Add(cursor.Current!.EndPoint.ToString());
        }

        Assert.Equal(["192.0.2.1:5060", "[2001:db8::1]:5060", "192.0.2.2:5060"], tried);
        Assert.True(cursor.IsExhausted);

        cursor.Reset(result.Targets);
        Assert.Equal("192.0.2.1:5060", cursor.Current!.EndPoint.ToString());
    }

    [Fact]
    public async Task Each_target_carries_the_smallest_ttl_of_its_own_records()
    {
        _dns.Naptr("example.test", 900, 10, 10, "s", "SIP+D2U", "_sip._udp.example.test")
            .Srv("_sip._udp.example.test", 300, 10, 0, 5060, "short.example.test")
            .Srv("_sip._udp.example.test", 300, 20, 0, 5062, "long.example.test")
            .A("short.example.test", 120, "192.0.2.1")
            .A("long.example.test", 600, "192.0.2.2");

        var result = await Locate(Locator(), "dns:example.test");

        Assert.True(result.IsSuccess, result.Failure?.Detail);
        Assert.Equal([TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(300)], result.TargetTtls);
    }

    [Fact]
    public async Task Without_name_servers_every_name_fails_as_no_name_server_and_literals_still_work()
    {
        var locator = new DnsSipServerLocator([], TestOptions);

        var named = await Locate(locator, "dns:example.test");
        var literal = await Locate(locator, "ipv4:192.0.2.1:5070");

        Assert.Equal(LocateFailureKind.NoNameServer, named.Failure!.Kind);
        Assert.StartsWith("dns: no name server", named.Failure.Describe("example.test"));
        Assert.Equal([Target("192.0.2.1", 5070, SipTransportKind.Udp, "192.0.2.1")], literal.Targets);
    }

    [Fact]
    public async Task A_missing_name_is_described_as_a_dns_failure()
    {
        var result = await Locate(Locator(), "dns:nowhere.test", SipTransportKind.Udp);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("dns: no SRV/A for nowhere.test", result.Failure!.Describe("nowhere.test"));
    }

    [Fact]
    public async Task A_name_server_that_is_not_there_is_a_dns_failure()
    {
        // A port nothing listens on: DnsClient reports the ICMP port unreachable as a timeout.
        var dead = new IPEndPoint(IPAddress.Loopback, LoopbackDnsServer.FreeUdpPort());
        var locator = new DnsSipServerLocator([dead], new SipLocatorOptions { QueryTimeout = TimeSpan.FromSeconds(1), Retries = 0 });

        var result = await Locate(locator, "dns:example.test", SipTransportKind.Udp);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Failure!.Kind, new[] { LocateFailureKind.Timeout, LocateFailureKind.DnsError });
        Assert.StartsWith("dns: ", result.Failure.Describe("example.test"));
    }

    [Fact]
    public async Task Callers_asking_at_once_share_one_lookup()
    {
        _dns.Srv("_sip._udp.example.test", 300, 10, 0, 5060, "sip.example.test")
            .A("sip.example.test", 300, "192.0.2.1");
        var locator = Locator();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Locate(locator, "dns:example.test", SipTransportKind.Udp)));

        Assert.All(results, r => Assert.Equal([Target("192.0.2.1", 5060, SipTransportKind.Udp, "sip.example.test", 10)], r.Targets));
        Assert.Equal(1, _dns.CountQueries("_sip._udp.example.test", RecordType.Srv));
    }
}
