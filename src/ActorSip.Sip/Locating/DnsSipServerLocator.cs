using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace ActorSip.Sip.Locating;

/// <summary>
/// RFC 3263 §4 server location over DNS (NAPTR, SRV, A/AAAA) with DnsClient, caching each result for the
/// smallest TTL behind it. DnsClient's own cache is off so that the TTL rule is ours and testable.
/// </summary>
public sealed class DnsSipServerLocator : ISipServerLocator
{
    private const int SipPort = 5060;
    private const int SipsPort = 5061;

    /// <summary>No record above this one in the chain limits its lifetime.</summary>
    private const int NoTtl = int.MaxValue;

    private readonly DnsLookup? _dns;
    private readonly string _servers;
    private readonly SipLocatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly object _randomGate = new();
    private readonly LocateCache _cache = new();
    private readonly ConcurrentDictionary<SipTargetSpec, Lazy<Task<LocateResult>>> _inFlight = new();

    /// <summary>Uses the name servers of the operating system.</summary>
    public DnsSipServerLocator(SipLocatorOptions? options = null, TimeProvider? timeProvider = null, Random? random = null)
        : this(CreateClientOptions(null, options ?? new SipLocatorOptions()), options, timeProvider, random)
    {
    }

    /// <summary>Uses the given name servers only (the node's <c>actorsip.dns.servers</c> or resolv.conf; tests point this
    /// at a DNS server on 127.0.0.1). With none, every name fails as <see cref="LocateFailureKind.NoNameServer"/>.</summary>
    /// <param name="nameServers">Name servers to ask, in order.</param>
    /// <param name="options">Timeouts, retries and ordering preferences.</param>
    /// <param name="timeProvider">Clock for the TTL cache.</param>
    /// <param name="random">Source for the RFC 2782 weighted choice; inject a seeded one for repeatable order.</param>
    public DnsSipServerLocator(
        IEnumerable<IPEndPoint> nameServers,
        SipLocatorOptions? options = null,
        TimeProvider? timeProvider = null,
        Random? random = null)
        : this(ServerList(nameServers) is { Count: > 0 } servers ? CreateClientOptions(servers, options ?? new SipLocatorOptions()) : null,
            options, timeProvider, random)
    {
    }

    private DnsSipServerLocator(LookupClientOptions? clientOptions, SipLocatorOptions? options, TimeProvider? timeProvider, Random? random)
    {
        _options = options ?? new SipLocatorOptions();
        _dns = clientOptions is null ? null : new DnsLookup(new LookupClient(clientOptions));
        _servers = clientOptions is null ? "" : string.Join(", ", clientOptions.NameServers.Select(n => n.ToString()));
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    public async Task<LocateResult> LocateAsync(SipTargetSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.IsNumeric)
        {
            return LocateNumeric(spec);
        }

        if (_dns is null)
        {
            return LocateResult.Failed(LocateFailureKind.NoNameServer, spec.Host, "none configured");
        }

        if (_cache.TryGet(spec, _time.GetUtcNow(), out var cached))
        {
            return cached;
        }

        // Thousands of bindings share a registrar: when its entry expires they all ask at once, and one question
        // answers them all. The shared lookup is bounded by the query timeouts, not by any one caller's token.
        Lazy<Task<LocateResult>>? shared = null;
        shared = new Lazy<Task<LocateResult>>(() => ResolveAndStoreAsync(
            spec, () => _inFlight.TryRemove(new KeyValuePair<SipTargetSpec, Lazy<Task<LocateResult>>>(spec, shared!))));
        return await _inFlight.GetOrAdd(spec, shared).Value.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The name servers asked, for logs ("" when there are none).</summary>
    public string NameServers => _servers;

    private async Task<LocateResult> ResolveAndStoreAsync(SipTargetSpec spec, Func<bool> landed)
    {
        // Yield first so that the caller's Lazy holds this task before it can finish and remove itself.
        await Task.Yield();
        try
        {
            var now = _time.GetUtcNow();
            var ttl = new TtlTracker(_options.MaximumCacheTime);
            var result = await ResolveAsync(spec, ttl, CancellationToken.None).ConfigureAwait(false);
            if (result.IsSuccess && ttl.Minimum > TimeSpan.Zero)
            {
                _cache.Store(spec, result, now + ttl.Minimum);
            }

            return result;
        }
        finally
        {
            // Stored before it leaves the in-flight table, so the next caller finds it in the cache.
            landed();
        }
    }

    private static LocateResult LocateNumeric(SipTargetSpec spec)
    {
        if (!IPAddress.TryParse(spec.Host, out var address))
        {
            return LocateResult.Failed(LocateFailureKind.NoRecords, spec.Host, $"'{spec.Host}' is not an IP address");
        }

        var transport = EffectiveTransport(spec);
        var endPoint = new IPEndPoint(address, spec.Port ?? DefaultPort(transport));
        return LocateResult.Found([new SipTarget(endPoint, transport, spec.Host, 0, 0)]);
    }

    private async Task<LocateResult> ResolveAsync(SipTargetSpec spec, TtlTracker ttl, CancellationToken ct)
    {
        // RFC 3263 §4.2: an explicit port means no NAPTR and no SRV, only the host's addresses.
        if (spec.Port is { } port)
        {
            return ToResult(await AddressesAsync(spec.Host, port, EffectiveTransport(spec), 0, 0, NoTtl, ttl, ct).ConfigureAwait(false), spec.Host);
        }

        // RFC 3263 §4.1: a known transport skips NAPTR and asks SRV for that transport only.
        if (spec.Transport is { } transport)
        {
            var srv = await SrvTargetsAsync(SrvName(transport, spec.Host), transport, NoTtl, ttl, ct).ConfigureAwait(false);
            // SRV records whose targets have no addresses end here: they were published, so A/AAAA of the
            // domain is not what the operator meant.
            if (srv.Targets.Count > 0 || srv.HardFailure is not null || srv.SawSrv)
            {
                return ToResult(srv, spec.Host);
            }

            return ToResult(await AddressesAsync(spec.Host, DefaultPort(transport), transport, 0, 0, NoTtl, ttl, ct).ConfigureAwait(false), spec.Host);
        }

        return await ResolveByNaptrAsync(spec, ttl, ct).ConfigureAwait(false);
    }

    private async Task<LocateResult> ResolveByNaptrAsync(SipTargetSpec spec, TtlTracker ttl, CancellationToken ct)
    {
        var naptr = await _dns!.QueryAsync(spec.Host, QueryType.NAPTR, ct).ConfigureAwait(false);
        if (naptr.IsHardFailure)
        {
            return LocateResult.Failed(naptr.ToFailure());
        }

        // NXDOMAIN for the domain itself means nothing exists below it either (RFC 8020): no SRV, no A.
        if (naptr.Status == DnsAnswerStatus.NameNotFound)
        {
            return LocateResult.Failed(naptr.ToFailure());
        }

        var collected = new Step();
        var naptrTtl = NoTtl;
        var choices = NaptrSelection.Select(
            naptr.Records.OfType<NAPtrRecord>().Select(r =>
            {
                ttl.Observe(r.TimeToLive);
                naptrTtl = Math.Min(naptrTtl, r.TimeToLive);
                return new NaptrEntry(r.Order, r.Preference, r.Flags ?? "", r.Services ?? "", r.Replacement?.Value ?? "");
            }).ToList(),
            spec.Secure);
        foreach (var choice in choices)
        {
            var srv = await SrvTargetsAsync(choice.SrvName, choice.Transport, naptrTtl, ttl, ct).ConfigureAwait(false);
            if (srv.HardFailure is not null)
            {
                return ToResult(srv, spec.Host);
            }

            collected.Add(srv);
        }

        // NAPTR records that led nowhere are treated like no NAPTR at all: SRV probing may still find servers.
        if (collected.Targets.Count > 0)
        {
            return ToResult(collected, spec.Host);
        }

        var transports = spec.Secure ? [SipTransportKind.Tls] : _options.SrvTransportOrder;
        foreach (var transport in transports.Distinct())
        {
            var srv = await SrvTargetsAsync(SrvName(transport, spec.Host), transport, NoTtl, ttl, ct).ConfigureAwait(false);
            if (srv.HardFailure is not null)
            {
                return ToResult(srv, spec.Host);
            }

            collected.Add(srv);
        }

        if (collected.Targets.Count > 0 || collected.SawSrv)
        {
            return ToResult(collected, spec.Host);
        }

        // RFC 3263 §4.2: no NAPTR and no SRV: the host's own addresses, UDP (TLS for sips) on the default port.
        var fallback = spec.Secure ? SipTransportKind.Tls : SipTransportKind.Udp;
        var addresses = await AddressesAsync(spec.Host, DefaultPort(fallback), fallback, 0, 0, NoTtl, ttl, ct).ConfigureAwait(false);
        return ToResult(addresses, spec.Host);
    }

    private async Task<Step> SrvTargetsAsync(string srvName, SipTransportKind transport, int upstreamTtl, TtlTracker ttl, CancellationToken ct)
    {
        var step = new Step();
        var answer = await _dns!.QueryAsync(srvName, QueryType.SRV, ct).ConfigureAwait(false);
        if (answer.IsHardFailure)
        {
            step.HardFailure = answer.ToFailure();
            return step;
        }

        var records = answer.Records.OfType<SrvRecord>().ToList();
        foreach (var record in records)
        {
            ttl.Observe(record.TimeToLive);
        }

        var entries = records
            .Select(r => new SrvEntry(r.Priority, r.Weight, r.Port, TargetText.NormalizeHostName(r.Target?.Value ?? ""), r.TimeToLive))
            // RFC 2782: a target of "." says the service is decidedly not available at this domain.
            .Where(e => e.Target.Length > 0)
            .ToList();
        if (entries.Count == 0)
        {
            step.SoftFailure = new LocateFailure(LocateFailureKind.NoRecords, srvName, answer.Status == DnsAnswerStatus.NameNotFound
                ? answer.Detail
                : $"SRV {srvName}: no usable records");
            return step;
        }

        step.SawSrv = true;
        IReadOnlyList<SrvEntry> ordered;
        lock (_randomGate)
        {
            ordered = SrvOrdering.Order(entries, _random);
        }

        foreach (var entry in ordered)
        {
            var addresses = await AddressesAsync(entry.Target, entry.Port, transport, entry.Priority, entry.Weight,
                Math.Min(upstreamTtl, entry.Ttl), ttl, ct).ConfigureAwait(false);
            if (addresses.HardFailure is not null)
            {
                step.HardFailure = addresses.HardFailure;
                return step;
            }

            step.Add(addresses);
        }

        return step;
    }

    private async Task<Step> AddressesAsync(
        string host, int port, SipTransportKind transport, int priority, int weight, int upstreamTtl, TtlTracker ttl, CancellationToken ct)
    {
        var step = new Step();
        var v4Task = _dns!.QueryAsync(host, QueryType.A, ct);
        var v6Task = _dns!.QueryAsync(host, QueryType.AAAA, ct);
        var v4 = await v4Task.ConfigureAwait(false);
        var v6 = await v6Task.ConfigureAwait(false);

        var v4Targets = AddressTargets<ARecord>(v4, host, port, transport, priority, weight, upstreamTtl, ttl);
        var v6Targets = AddressTargets<AaaaRecord>(v6, host, port, transport, priority, weight, upstreamTtl, ttl);
        if (_options.AddressPreference == AddressFamilyPreference.IPv6First)
        {
            step.Targets.AddRange(v6Targets);
            step.Targets.AddRange(v4Targets);
        }
        else
        {
            step.Targets.AddRange(v4Targets);
            step.Targets.AddRange(v6Targets);
        }

        if (step.Targets.Count > 0)
        {
            // One family answering is enough; a silent AAAA must not hide working IPv4 servers.
            return step;
        }

        if (v4.IsHardFailure || v6.IsHardFailure)
        {
            step.HardFailure = (v4.IsHardFailure ? v4 : v6).ToFailure();
        }
        else if (v4.Status == DnsAnswerStatus.NameNotFound)
        {
            step.SoftFailure = v4.ToFailure();
        }
        else
        {
            step.SoftFailure = new LocateFailure(LocateFailureKind.NoRecords, host, $"A/AAAA {host}: no address records");
        }

        return step;
    }

    private static List<LocatedTarget> AddressTargets<TRecord>(
        DnsAnswer answer, string host, int port, SipTransportKind transport, int priority, int weight, int upstreamTtl, TtlTracker ttl)
        where TRecord : AddressRecord
    {
        var targets = new List<LocatedTarget>();
        foreach (var record in answer.Records.OfType<TRecord>())
        {
            ttl.Observe(record.TimeToLive);
            var seconds = Math.Max(0, Math.Min(upstreamTtl, record.TimeToLive));
            targets.Add(new LocatedTarget(
                new SipTarget(new IPEndPoint(record.Address, port), transport, host, priority, weight), TimeSpan.FromSeconds(seconds)));
        }

        return targets;
    }

    private static LocateResult ToResult(Step step, string host)
    {
        if (step.HardFailure is not null)
        {
            return LocateResult.Failed(step.HardFailure);
        }

        if (step.Targets.Count > 0)
        {
            return LocateResult.Found(step.Targets.Select(t => t.Target).ToArray(), step.Targets.Select(t => t.Ttl).ToArray());
        }

        return LocateResult.Failed(step.SoftFailure
            ?? new LocateFailure(LocateFailureKind.NoRecords, host, $"no SIP servers found for {host}"));
    }

    private static SipTransportKind EffectiveTransport(SipTargetSpec spec) =>
        spec.Secure ? SipTransportKind.Tls : spec.Transport ?? SipTransportKind.Udp;

    private static int DefaultPort(SipTransportKind transport) =>
        transport == SipTransportKind.Tls ? SipsPort : SipPort;

    private static string SrvName(SipTransportKind transport, string host) => transport switch
    {
        SipTransportKind.Udp => $"_sip._udp.{host}",
        SipTransportKind.Tcp => $"_sip._tcp.{host}",
        SipTransportKind.Tls => $"_sips._tcp.{host}",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "unknown transport"),
    };

    private static IReadOnlyList<IPEndPoint> ServerList(IEnumerable<IPEndPoint> nameServers)
    {
        ArgumentNullException.ThrowIfNull(nameServers);
        return nameServers.ToList();
    }

    private static LookupClientOptions CreateClientOptions(IReadOnlyList<IPEndPoint>? nameServers, SipLocatorOptions options)
    {
        var clientOptions = nameServers is null
            ? new LookupClientOptions()
            : new LookupClientOptions(nameServers.Select(s => new NameServer(s)).ToArray());
        clientOptions.UseCache = false;
        clientOptions.Timeout = options.QueryTimeout;
        clientOptions.Retries = options.Retries;
        clientOptions.ThrowDnsErrors = false;
        // NXDOMAIN and empty answers are answers: asking the next server would only turn them into delay.
        clientOptions.ContinueOnDnsError = false;
        clientOptions.ContinueOnEmptyResponse = false;
        return clientOptions;
    }

    /// <summary>A target with the smallest TTL of the records it came from (NAPTR, SRV, A/AAAA).</summary>
    private sealed record LocatedTarget(SipTarget Target, TimeSpan Ttl);

    /// <summary>Targets gathered so far, and the first failure seen on the way.</summary>
    private sealed class Step
    {
        public List<LocatedTarget> Targets { get; } = [];

        /// <summary>Timeout or server error: stop.</summary>
        public LocateFailure? HardFailure { get; set; }

        /// <summary>NXDOMAIN or no records: keep looking, but report this if nothing turns up.</summary>
        public LocateFailure? SoftFailure { get; set; }

        /// <summary>Usable SRV records were found, whether or not their targets resolved.</summary>
        public bool SawSrv { get; set; }

        public void Add(Step other)
        {
            Targets.AddRange(other.Targets);

            // "SRV found, but its targets did not resolve" says more than "no SRV for another transport".
            SoftFailure = other.SawSrv && !SawSrv
                ? other.SoftFailure ?? SoftFailure
                : SoftFailure ?? other.SoftFailure;
            SawSrv |= other.SawSrv;
        }
    }
}
