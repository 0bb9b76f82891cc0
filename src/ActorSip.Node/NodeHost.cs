using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using ActorSip.Cluster;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Mailboxes;
using ActorSip.Cluster.Persistence;
using ActorSip.Cluster.Registrars;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;
using ActorSip.Cluster.Supervision;
using ActorSip.Node.Demo;
using ActorSip.Node.Hosting;
using ActorSip.Node.Management;
using ActorSip.Node.Sip;
using ActorSip.Sip.Locating;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;
using ActorSip.Trunks;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Hocon;
using ActorSip.Trunks.Planning;
using Microsoft.Extensions.Logging;

namespace ActorSip.Node;

/// <summary>
/// One ActorSip node: SIP transports, the ActorSystem (cluster of one unless seeds are given), the shard regions
/// for bindings and credentials, the trunk-config singleton, the demo registrars when needed, and the management
/// endpoint. The Generic Host starts it phase by phase, one hosted service per phase (src/ActorSip.Node/Hosting), in
/// the order of this file: <see cref="PrepareAsync"/>, <see cref="StartSipTransports"/>, <see cref="StartManagementAsync"/>,
/// <see cref="StartActorSystemAsync"/>, <see cref="StartBindingsAsync"/> (demo registrars, then bindings send). Each returns an error text (config errors
/// as FILE:LINE lines) instead of throwing for problems the operator must fix.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly NodeOptions _options;
    private readonly ILogger _log;
    private readonly ILoggerFactory _logs;
    private readonly LogSettings _logSettings;
    private readonly List<DemoRegistrar> _demos = [];
    private RegistrarFlows? _flows;
    private SipTransportLayer? _transports;
    private SipRegistrationRuntime? _runtime;
    private ManagementEndpoint? _management;
    private TestCall? _testCall;
    private SecretProtector? _protector;
    // The configuration at start, for the demo registrars it needs; the running one is always read from the singleton.
    private TrunkConfig? _startConfig;
    private IActorRef? _trunkConfig;
    private SipTransactionLayer? _transactions;
    private string? _fileText;
    private TrunkConfig? _fileConfig;
    private TimeSpan _replaceTimeout = TimeSpan.FromSeconds(60);

    public NodeHost(NodeOptions options, ILoggerFactory logs, LogSettings logSettings)
    {
        _options = options;
        _logs = logs;
        _logSettings = logSettings;
        _log = logs.CreateLogger(LogCategory);
    }

    /// <summary>The category of the node's own status lines (the text log format prints them without a prefix).</summary>
    public const string LogCategory = "actorsip-node";

    /// <summary>True once every phase has started: the configuration is applied and bindings may send.</summary>
    public bool IsStarted { get; private set; }

    public ActorSystem? System { get; private set; }

    public IActorRef? Bindings { get; private set; }

    public IActorRef? Summary { get; private set; }

    public IActorRef? Registrars { get; private set; }

    public ActorSip.Cluster.Audit.AuditReader? Audit { get; private set; }

    /// <summary>The first SIP listener's UDP address (what a single-listener node is reached at on loopback).</summary>
    public IPEndPoint? SipEndPoint => SipEndPoints.Count > 0 ? SipEndPoints[0] : null;

    /// <summary>Every SIP listener's UDP address, in the order of --sip.</summary>
    public IReadOnlyList<IPEndPoint> SipEndPoints { get; private set; } = [];

    /// <summary>The inbound SIP over TLS listener (--sip-tls), null when there is none.</summary>
    public IPEndPoint? SipTlsEndPoint { get; private set; }

    public IPEndPoint? ManagementEndPoint => _management?.EndPoint;

    /// <summary>Journal key and trunk file, before anything listens.</summary>
    public async Task<string?> PrepareAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        if (_options.Postgres is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(JournalKeyring.KeyVariable)))
            return $"--postgres: every node of a cluster shares the journal, so they need the same key: set {JournalKeyring.KeyVariable}";
        JournalKeyring keys;
        try
        {
            keys = JournalKeyring.Load(_options.DataDirectory);
        }
        catch (JournalKeyException e)
        {
            return e.Message;
        }
        var protector = new SecretProtector(keys);
        _protector = protector;

        // Read the trunk file before anything listens: a bad file must stop the start with its line numbers.
        if (_options.TrunksFile is { } file)
        {
            if (!File.Exists(file)) return $"--trunks: file '{file}' not found";
            var read = TrunkConfigFile.Read(await File.ReadAllTextAsync(file, ct), file);
            if (read.Config is null || !read.Errors.IsEmpty) return string.Join(Environment.NewLine, read.Errors);
            _fileConfig = read.Config;
            _fileText = IosWriter.Write(read.Config, SecretPrinting.Shown);
            // Every credential slice is persisted and acknowledged before the change counts: 10,000 take minutes.
            _replaceTimeout = TimeSpan.FromSeconds(60 + read.Config.CredentialCount / 25.0);
        }
        return null;
    }

    /// <summary>The SIP listeners.</summary>
    public string? StartSipTransports()
    {
        _transports = new SipTransportLayer(_options.Transport, _logs.CreateLogger(SipTransportLogCategory));
        SipEndPoints = [.. _options.Sip.Select(listener => _transports.AddUdpAndTcp(listener).Udp.LocalEndPoint)];
        // TLS to registrars needs no certificate of ours: without a listener, outbound connections only (per family).
        if (_options.SipTls.Listen is { } tlsListen)
            SipTlsEndPoint = _transports.AddTls(tlsListen, _options.SipTls.ToOptions()).LocalEndPoint;
        foreach (var udp in SipEndPoints.Where(e => e.AddressFamily != SipTlsEndPoint?.AddressFamily))
            _transports.AddTlsClient(udp, _options.SipTls.ToOptions());
        _flows = new RegistrarFlows(_log);
        _transports.ConnectionLost += _flows.OnLost;
        var transactions = new SipTransactionLayer(_transports);
        transactions.SentBy = new SipSentBy(_transports, _options.SipAdvertise);
        _transactions = transactions;
        return null;
    }

    /// <summary>The SIP transports' warnings (malformed-traffic reports, failed sends) log under this category.</summary>
    public const string SipTransportLogCategory = "sip-transport";

    /// <summary>The management endpoint, early so that /health/live answers while the node joins; until
    /// <see cref="IsStarted"/> /health/ready says 503 and the API answers 503.</summary>
    public async Task<string?> StartManagementAsync(CancellationToken ct)
    {
        _management = await ManagementEndpoint.StartAsync(_options.Management, this, ct, _options.ManagementTokens, _options.ManagementCertificate);
        return null;
    }

    /// <summary>The ActorSystem, its shard regions and singleton, and the trunk configuration applied or read.</summary>
    public async Task<string?> StartActorSystemAsync(CancellationToken ct)
    {
        if (SipEndPoint is null || _protector is null || _transactions is null) return "the SIP transports must start before the actor system";
        var protector = _protector;
        var transactions = _transactions;
        var fileText = _fileText;
        var fileConfig = _fileConfig;
        var replaceTimeout = _replaceTimeout;
        var tls = RemotingTls.From(Environment.GetEnvironmentVariable, out var tlsError);
        if (tlsError is not null) return tlsError;
        var seeds = string.Join(", ", _options.SeedNodes.Select(s => $"\"{(tls.IsEmpty ? "akka.tcp" : "akka.ssl.tcp")}://actorsip@{s}\""));
        var remoting = ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp { hostname = "{{_options.ClusterHost}}", port = {{_options.ClusterPort}} }
            akka.cluster.seed-nodes = [{{seeds}}]
            """);
        var config = remoting
            .WithFallback(tls)
            .WithFallback(_options.Hocon)
            .WithFallback(EmbeddedFiles.Hocon("akka.conf"))
            .WithFallback(SerializationConfig.Hocon)
            .WithFallback(EntityMailbox.Hocon)
            .WithFallback(_options.Postgres is { } pg ? PersistenceConfig.Postgres(pg) : PersistenceConfig.Sqlite(_options.DataDirectory));
        System = ActorSystem.Create("actorsip", AkkaLogBridge.Setup(config, _logs, _logSettings.Format));
        var cluster = Akka.Cluster.Cluster.Get(System);
        if (cluster.Settings.SeedNodes.Count == 0) await cluster.JoinAsync(cluster.SelfAddress, ct);

        var sharding = ClusterSharding.Get(System);
        var extractor = new EntityMessageExtractor(EntityMessageExtractor.DefaultShards);
        // Every region hands off with StopEntity, so an entity stops after the commands it had stashed (not PoisonPill).
        Task<IActorRef> Region(string type, Func<string, Props> props, ClusterShardingSettings settings) =>
            sharding.StartAsync(type, props, settings, extractor, sharding.DefaultShardAllocationStrategy(settings), StopEntity.Instance);
        var credentials = await Region("credential", id => CredentialActor.Props(id, protector).WithMailbox(EntityMailbox.ConfigPath),
            ClusterShardingSettings.Create(System).WithRememberEntities(false));
        var directory = new ShardedCredentialDirectory(credentials, protector, TimeSpan.FromSeconds(10));
        Registrars = await Region("registrar", RegistrarActor.Props, ClusterShardingSettings.Create(System));
        _log.Line($"dns: name servers {string.Join(", ", _options.DnsServers)} ({_options.DnsServersSource})");
        _runtime = new SipRegistrationRuntime(transactions, new DnsSipServerLocator(_options.DnsServers), directory,
            _options.Registration, TimeProvider.System, cluster.SelfAddress.ToString(), _options.StartupSpread, _options.MaxRegistersPerSecond)
        {
            Registrars = Registrars,
            Flows = _flows,
        };
        var runtime = _runtime;
        _testCall = new TestCall(transactions, directory);
        // The backoff supervisor forwards StopEntity to the binding, and stops itself when the binding has stopped.
        Bindings = await Region("binding",
            id => BackoffProps.WithBackoff(BindingActor.Props(id, runtime).WithMailbox(EntityMailbox.ConfigPath), "loop",
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2).WithMailbox(EntityMailbox.ConfigPath),
            ClusterShardingSettings.Create(System).WithRememberEntities(true));
        _flows!.Bindings = Bindings;
        Summary = System.ActorOf(BindingSummaryActor.Props(_options.SummaryInterval), "binding-summary");

        System.ActorOf(ClusterSingletonManager.Props(TrunkConfigActor.Props(protector, Bindings, credentials, Registrars),
            PoisonPill.Instance, ClusterSingletonManagerSettings.Create(System)), "trunk-config");
        var trunkConfig = System.ActorOf(ClusterSingletonProxy.Props("/user/trunk-config",
            ClusterSingletonProxySettings.Create(System)), "trunk-config-proxy");
        _trunkConfig = trunkConfig;
        Audit = new ActorSip.Cluster.Audit.AuditReader(System, protector);

        // The demo registrars must be in place before any binding sends, so sending waits for this gate.
        var text = fileText;
        if (text is not null)
        {
            var result = await AskWithin<TrunkConfigQueries.ReplaceResult>(trunkConfig, new TrunkConfigCommands.Replace(
                protector.Protect(text, TrunkConfigActor.PersistenceIdValue), _options.TrunksFile!, cluster.SelfAddress.ToString(), StartOperator), replaceTimeout, ct);
            if (result is null) return $"--trunks: the cluster did not acknowledge the configuration within {replaceTimeout.TotalSeconds:F0} s {NotAnswered}";
            if (result.Error is not null) return result.Error;
        }
        else
        {
            // The singleton answers after any change in progress: another node's start with a large configuration
            // keeps it busy for minutes, and a joining node just waits for it.
            var readTimeout = TimeSpan.FromMinutes(10);
            var current = await AskWithin<TrunkConfigQueries.Encrypted>(trunkConfig, TrunkConfigQueries.GetEncrypted.Instance, readTimeout, ct);
            if (current is null) return $"the cluster's trunk configuration could not be read within {readTimeout.TotalMinutes:F0} min {NotAnswered}";
            if (current.IosText is { } encrypted) text = protector.Unprotect(encrypted, TrunkConfigActor.PersistenceIdValue);
            else if (_options.SeedNodes.Count > 0)
            {
                // Joining a cluster: its configuration comes from whichever node is given --trunks; never the demo one.
                _log.Line("no --trunks and no configuration in the cluster yet: waiting for one (config apply or a node with --trunks)");
            }
            else
            {
                _log.Line("no --trunks and an empty journal: using the demo configuration (hocon/trunks.demo.conf)");
                var demo = TrunkConfigFile.Read(EmbeddedFiles.Read("trunks.demo.conf"), "trunks.demo.conf");
                text = IosWriter.Write(demo.Config!, SecretPrinting.Shown);
                if (await AskWithin<TrunkConfigQueries.ReplaceResult>(trunkConfig, new TrunkConfigCommands.Replace(
                        protector.Protect(text, TrunkConfigActor.PersistenceIdValue), "trunks.demo.conf", cluster.SelfAddress.ToString(), StartOperator),
                        TimeSpan.FromSeconds(60), ct) is null)
                    return $"the demo configuration was not acknowledged within 60 s {NotAnswered}";
            }
        }
        // The file's configuration is already parsed; only one from the journal or the demo needs reading here.
        _startConfig = fileConfig ?? (text is null ? null : IosConfigReader.Read(text, "config").Config);
        return null;
    }

    /// <summary>The demo registrars the configuration needs, then the gate that lets bindings send.</summary>
    public async Task<string?> StartBindingsAsync(CancellationToken ct)
    {
        if (_startConfig is not null) await StartDemoRegistrarsAsync(_startConfig, ct);
        _runtime!.Open();
        IsStarted = true;
        return null;
    }

    /// <summary>The cluster's running trunk configuration (from the singleton, so changes made on any node show),
    /// or null when none is configured yet.</summary>
    public async Task<TrunkConfig?> RunningConfigAsync(CancellationToken ct) => (await RunningConfigAndVersionAsync(ct)).Config;

    /// <summary>The running configuration and its version (0 before the first change).</summary>
    private async Task<(TrunkConfig? Config, long Version)> RunningConfigAndVersionAsync(CancellationToken ct)
    {
        var current = await _trunkConfig!.Ask<TrunkConfigQueries.Encrypted>(TrunkConfigQueries.GetEncrypted.Instance, TimeSpan.FromSeconds(10), ct);
        if (current.IosText is not { } encrypted) return (null, current.Version);
        return (IosConfigReader.Read(_protector!.Unprotect(encrypted, TrunkConfigActor.PersistenceIdValue), "running-config").Config, current.Version);
    }

    /// <summary>`config apply`: IOS lines validated here against the running configuration (errors come back at once),
    /// then sent with the version they were validated against; the singleton applies them to the configuration in
    /// force, or refuses them as a conflict when another change touched the same items meanwhile.</summary>
    /// <returns>The refused lines, or the report of every line as the singleton applied them.</returns>
    public async Task<(ImmutableArray<ConfigError> Errors, ImmutableArray<AppliedLine> Lines)> ApplyAsync(string text, string source, string by, CancellationToken ct)
    {
        var (running, version) = await RunningConfigAndVersionAsync(ct);
        var result = IosApply.Apply(running ?? TrunkConfig.Empty, text, source);
        if (!result.IsOk) return (result.Errors, []);
        var node = Akka.Cluster.Cluster.Get(System!).SelfAddress.ToString();
        var touched = VersionedApply.TouchedBy(result).Select(t => new TrunkConfigCommands.TouchedItem(t.Line, t.Key.Name, t.Key.Scope)).ToImmutableArray();
        var reply = await _trunkConfig!.Ask<TrunkConfigQueries.ApplyResult>(new TrunkConfigCommands.Apply(
            _protector!.Protect(text, TrunkConfigActor.PersistenceIdValue), version, touched, source, node, by), TimeSpan.FromSeconds(60), ct);
        return reply.Errors.IsEmpty
            ? ([], [.. reply.Lines.Select(l => new AppliedLine(l.Line, l.Text, l.Changed))])
            : ([.. reply.Errors.Select(e => new ConfigError(e.File, e.Line, e.Message))], []);
    }

    /// <summary>`config apply --dry-run`: the lines validated against the running configuration, the items they would
    /// change and what the cluster would do; nothing is applied.</summary>
    public async Task<(IosApplyResult Result, ConfigChangePreview? Preview)> DryRunAsync(string text, string source, CancellationToken ct)
    {
        var running = await RunningConfigAsync(ct) ?? TrunkConfig.Empty;
        var result = IosApply.Apply(running, text, source);
        return (result, result.IsOk ? ConfigChangePreview.Of(running, result.Config!) : null);
    }

    /// <summary>`config diff`: a whole configuration file (IOS or HOCON) against the running configuration.</summary>
    public async Task<(ConfigReadResult File, ConfigChangePreview? Preview)> DiffAsync(string text, string source, CancellationToken ct)
    {
        var read = TrunkConfigFile.Read(text, source);
        if (!read.IsOk) return (read, null);
        return (read, ConfigChangePreview.Of(await RunningConfigAsync(ct) ?? TrunkConfig.Empty, read.Config!));
    }

    /// <summary>The registrars of the running configuration.</summary>
    public async Task<IReadOnlyList<string>> RegistrarIdsAsync(CancellationToken ct) =>
        await RunningConfigAsync(ct) is { } config ? TrunkPlan.From(config).Registrars.Select(r => r.Id).ToList() : [];

    /// <summary>An outbound test call from an endpoint to a session target in IOS form (dns:, ipv4:, ipv6:), as a
    /// dial-peer's `session target` would send it (see <see cref="TestCall"/>).</summary>
    public async Task<TestCallResult> PlaceTestCallAsync(string from, string to, string target, CancellationToken ct)
    {
        // The running configuration, as any node may have changed it since this one started.
        if (_testCall is null || await RunningConfigAsync(ct) is not { } config) return new TestCallResult(null, null, null, null, "", "no trunk configuration");
        if (!EndpointNumber.TryParse(from, out var endpoint)) return new TestCallResult(null, null, null, null, "", $"'{from}' is not an endpoint number");
        if (!RegistrarTarget.TryParse(target, out var parsed, out var error)) return new TestCallResult(null, null, null, null, "", error);
        var targets = await _runtime!.LocateAsync(new PlannedRegistrar("test-call", parsed!, 0, ActorSip.Sip.SipTransportKind.Udp), ct);
        if (targets.Count == 0) return new TestCallResult(null, null, null, null, "", $"{target} does not resolve");
        return await _testCall.PlaceAsync(config, endpoint, to, targets[0].EndPoint, targets[0].Transport, ct);
    }

    /// <summary>demo-registrar: a loopback registrar for each registrar that does not resolve (auto), or for all (on).</summary>
    private async Task StartDemoRegistrarsAsync(TrunkConfig config, CancellationToken ct)
    {
        if (_options.DemoRegistrar == DemoRegistrarMode.Off) return;
        foreach (var registrar in TrunkPlan.From(config).Registrars)
        {
            if (_options.DemoRegistrar == DemoRegistrarMode.Auto)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    if ((await _runtime!.LocateAsync(registrar, timeout.Token)).Count > 0) continue;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            var realm = registrar.Target.Host;
            var passwords = PasswordsForRealm(config, realm);
            var demo = DemoRegistrar.Start(realm, user => passwords.GetValueOrDefault(user));
            _demos.Add(demo);
            _runtime!.Overrides[registrar.Id] = demo.EndPoint;
            _log.Line($"registrar {registrar.Id} ({registrar.Target}) is not reachable: using a demo registrar on {demo.EndPoint} (realm {realm})");
        }
    }

    private static Dictionary<string, string> PasswordsForRealm(TrunkConfig config, string realm)
    {
        var r = new Realm(realm);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in config.Credentials.Where(c => c.Realm == r)) map.TryAdd(c.Username, c.Password.Plaintext);
        foreach (var a in config.Authentications.Where(a => a.Realm == r)) map.TryAdd(a.Username, a.Password.Plaintext);
        foreach (var a in config.DialPeers.Values.SelectMany(d => d.Authentications).Where(a => a.Realm == r)) map.TryAdd(a.Username, a.Password.Plaintext);
        return map;
    }

    /// <summary>A configuration given at start is the change of whoever started the node: its OS user.</summary>
    private static string StartOperator => OperatorName.IsValid(Environment.UserName) ? "user:" + Environment.UserName : "anonymous";

    private const string NotAnswered = "(is the cluster formed and the journal reachable? see the log above)";

    /// <summary>The trunk-config singleton's answer, or null when it did not come in time: the start reports that as
    /// an error instead of crashing on the timeout.</summary>
    private static async Task<T?> AskWithin<T>(IActorRef to, object message, TimeSpan timeout, CancellationToken ct) where T : class
    {
        try
        {
            return await to.Ask<T>(message, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Leaves the cluster through coordinated shutdown (shards hand over), then closes the sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopManagementAsync();
        await StopActorSystemAsync();
        await StopSipAsync();
    }

    public async Task StopManagementAsync()
    {
        if (_management is not null) await _management.DisposeAsync();
        _management = null;
    }

    /// <summary>Coordinated shutdown: the shards hand over to the other nodes, then the node leaves the cluster.</summary>
    public async Task StopActorSystemAsync()
    {
        IsStarted = false;
        if (System is not null)
        {
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await System.WhenTerminated;
        }
    }

    /// <summary>The demo registrars and the SIP sockets, after the actor system has left (its bindings may still send).</summary>
    public async Task StopSipAsync()
    {
        foreach (var demo in _demos) await demo.DisposeAsync();
        _demos.Clear();
        if (_transports is not null) await _transports.DisposeAsync();
        _transports = null;
        _runtime?.Dispose();
        _runtime = null;
    }
}
