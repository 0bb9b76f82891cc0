using System.Net;
using System.Reflection;
using Akka.Configuration;
using ActorSip.Trunks.Registration;

namespace ActorSip.Node;

/// <summary>
/// Merges the node's settings: the defaults embedded from hocon/actorsip.conf, then the --hocon file, then the
/// command-line options. Every error names the setting and the value, and never throws past <see cref="TryLoad"/>.
/// </summary>
public static class NodeOptionsLoader
{
    public sealed record CommandLine(string? Hocon, string? Data, string? Trunks, string? Sip, string? Management, string? DemoRegistrar,
        int? ClusterPort = null, string? SeedNodes = null, string? Postgres = null, string? ClusterHost = null,
        string? ManagementTokenFile = null, string? ManagementCertificate = null, string? SipAdvertise = null, string? SipTls = null, string? ManagementTokensFile = null);

    public static Config Defaults() => EmbeddedFiles.Hocon("actorsip.conf");

    public static bool TryLoad(CommandLine cli, out NodeOptions options, out string error)
    {
        options = null!;
        var config = Defaults();
        if (cli.Hocon is { } path)
        {
            if (!File.Exists(path))
            {
                error = $"--hocon: file '{path}' not found";
                return false;
            }
            try
            {
                config = ConfigurationFactory.ParseString(File.ReadAllText(path)).WithFallback(config);
            }
            catch (Exception e) when (e is ConfigurationException or FormatException or IOException)
            {
                error = $"--hocon: {path}: {e.Message}";
                return false;
            }
        }

        var node = config.GetConfig("actorsip.node");
        var registration = config.GetConfig("actorsip.registration");
        var sipLimits = config.GetConfig("actorsip.sip");
        foreach (var key in new[] { "max-header-bytes", "max-connections-per-source" })
        {
            if (sipLimits.GetInt(key, 1) < 1)
            {
                options = null!;
                error = $"actorsip.sip.{key} must be at least 1";
                return false;
            }
        }
        var sipText = cli.Sip ?? node.GetString("sip");
        var managementText = cli.Management ?? node.GetString("management");
        if (!TryListeners(sipText, out var sip, out error)) return false;
        var advertiseText = cli.SipAdvertise ?? node.GetString("sip-advertise", "");
        if (!ActorSip.Sip.Transport.SipAdvertisedAddress.TryParseList(advertiseText, out var advertise, out var advertiseError))
        {
            error = "--sip-advertise: " + advertiseError;
            return false;
        }
        if (!TryEndPoint(managementText, out var management))
        {
            error = $"--management: '{managementText}' is not ADDRESS:PORT (e.g. 127.0.0.1:9110)";
            return false;
        }
        var tlsConfig = config.GetConfig("actorsip.sip.tls");
        if (!ActorSip.Node.Sip.SipTlsSettings.TryLoad(cli.SipTls ?? tlsConfig?.GetString("listen", ""), tlsConfig?.GetString("certificate", ""),
                tlsConfig?.GetString("ca-file", ""), out var sipTls, out error))
            return false;
        var tokenFile = cli.ManagementTokenFile ?? node.GetString("management-token-file", "");
        var tokensFile = cli.ManagementTokensFile ?? node.GetString("management-tokens", "");
        var certificateFile = cli.ManagementCertificate ?? node.GetString("management-cert", "");
        if (!ManagementSecurity.TryLoad(string.IsNullOrWhiteSpace(tokenFile) ? null : tokenFile, string.IsNullOrWhiteSpace(tokensFile) ? null : tokensFile,
                string.IsNullOrWhiteSpace(certificateFile) ? null : certificateFile, management, out var tokens, out var certificate, out error))
            return false;
        var demoText = cli.DemoRegistrar ?? node.GetString("demo-registrar", "auto");
        if (!Enum.TryParse<DemoRegistrarMode>(demoText, ignoreCase: true, out var demo))
        {
            error = $"demo-registrar: '{demoText}' must be auto, on or off";
            return false;
        }
        var ratio = registration.GetDouble("refresh-ratio", 0.8);
        if (ratio is <= 0.1 or >= 1)
        {
            error = $"actorsip.registration.refresh-ratio: {ratio} must be between 0.1 and 1 (exclusive)";
            return false;
        }
        var trunks = cli.Trunks ?? node.GetString("trunks", "");
        var clusterPort = cli.ClusterPort ?? node.GetInt("cluster-port", 0);
        if (clusterPort is < 0 or > 65535)
        {
            error = $"--cluster-port: {clusterPort} must be 0-65535";
            return false;
        }
        var seedText = cli.SeedNodes ?? node.GetString("seed-nodes", "");
        var seeds = seedText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var p) || p is < 1 or > 65535)
            {
                error = $"--seed-nodes: '{seed}' is not HOST:PORT";
                return false;
            }
        }
        if (!TryDnsServers(config, out var dnsServers, out var dnsSource, out error)) return false;
        // The connection string may carry a password: ACTORSIP_POSTGRES keeps it out of the process list.
        var postgres = cli.Postgres ?? Environment.GetEnvironmentVariable("ACTORSIP_POSTGRES") ?? node.GetString("postgres", "");
        options = new NodeOptions
        {
            DataDirectory = Path.GetFullPath(cli.Data ?? node.GetString("data", "./data")),
            TrunksFile = string.IsNullOrWhiteSpace(trunks) ? null : Path.GetFullPath(trunks),
            Sip = sip,
            SipAdvertise = advertise,
            SipTls = sipTls,
            Management = management,
            ManagementTokens = tokens,
            ManagementCertificate = certificate,
            DemoRegistrar = demo,
            SummaryInterval = node.GetTimeSpan("summary-interval", TimeSpan.FromSeconds(5)),
            Registration = new RegistrationPolicy
            {
                RefreshRatio = ratio,
                BackoffBase = registration.GetTimeSpan("backoff-base", TimeSpan.FromSeconds(30)),
                BackoffMax = registration.GetTimeSpan("backoff-max", TimeSpan.FromMinutes(30)),
                RejectedRetry = registration.GetTimeSpan("rejected-retry", TimeSpan.FromMinutes(30)),
            },
            Transport = new ActorSip.Sip.Transport.SipTransportOptions
            {
                MessageTimeout = sipLimits.GetTimeSpan("message-timeout", TimeSpan.FromSeconds(30)),
                IdleTimeout = sipLimits.GetTimeSpan("idle-timeout", TimeSpan.FromMinutes(10)),
                MaxHeaderBytes = sipLimits.GetInt("max-header-bytes", 64 * 1024),
                MaxConnectionsPerSource = sipLimits.GetInt("max-connections-per-source", 64),
            },
            StartupSpread = registration.GetTimeSpan("startup-spread", TimeSpan.FromSeconds(2)),
            MaxRegistersPerSecond = registration.GetInt("max-registers-per-second", 500),
            ClusterHost = cli.ClusterHost ?? node.GetString("cluster-host", "127.0.0.1"),
            ClusterPort = clusterPort,
            SeedNodes = seeds,
            Postgres = string.IsNullOrWhiteSpace(postgres) ? null : postgres,
            DnsServers = dnsServers,
            DnsServersSource = dnsSource,
            Hocon = config,
        };
        error = "";
        return true;
    }

    /// <summary><c>actorsip.dns.servers</c> when it lists any, else the name servers of <c>actorsip.dns.resolv-conf</c>
    /// read as the C library reads them (loopback servers included; none listed: the local machine's).</summary>
    private static bool TryDnsServers(Config config, out IReadOnlyList<IPEndPoint> servers, out string source, out string error)
    {
        servers = [];
        source = "";
        error = "";
        var listed = config.HasPath("actorsip.dns.servers") ? config.GetStringList("actorsip.dns.servers") : [];
        if (listed.Count > 0)
        {
            var parsed = new List<IPEndPoint>();
            foreach (var text in listed)
            {
                if (!ActorSip.Sip.Locating.ResolvConf.TryParseServer(text ?? "", out var server))
                {
                    error = $"actorsip.dns.servers: '{text}' is not ADDRESS[:PORT] (e.g. \"127.0.0.1:53\" or \"[::1]:53\")";
                    return false;
                }
                parsed.Add(server);
            }
            servers = parsed;
            source = "actorsip.dns.servers";
            return true;
        }
        var path = config.GetString("actorsip.dns.resolv-conf", ActorSip.Sip.Locating.ResolvConf.DefaultPath);
        servers = ActorSip.Sip.Locating.ResolvConf.Load(string.IsNullOrWhiteSpace(path) ? ActorSip.Sip.Locating.ResolvConf.DefaultPath : path, out source);
        return true;
    }

    /// <summary>--sip: one or more ADDRESS:PORT, comma-separated, at most one per address family (a transport is
    /// picked by family when sending, so a second listener of the same family would never be used).</summary>
    public static bool TryListeners(string? text, out IReadOnlyList<IPEndPoint> listeners, out string error)
    {
        listeners = [];
        var list = new List<IPEndPoint>();
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = $"--sip: '{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:5060 or [::1]:5060)";
            return false;
        }
        foreach (var part in parts)
        {
            if (!TryEndPoint(part, out var endPoint))
            {
                error = $"--sip: '{part}' is not ADDRESS:PORT (e.g. 127.0.0.1:5060, [::1]:5060 or 0.0.0.0:5060,[::]:5060)";
                return false;
            }
            if (list.FirstOrDefault(l => l.AddressFamily == endPoint.AddressFamily) is { } other)
            {
                error = $"--sip: '{other}' and '{part}' are both {(endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6")}: give one listener per address family (a wildcard serves every interface)";
                return false;
            }
            list.Add(endPoint);
        }
        listeners = list;
        error = "";
        return true;
    }

    /// <summary>ADDRESS:PORT with an IPv4 address or a bracketed IPv6 address; port 0 means "pick a free one".</summary>
    public static bool TryEndPoint(string? text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!IPEndPoint.TryParse(text.Trim(), out var parsed) || parsed.Port is < 0 or > 65535) return false;
        // IPEndPoint.TryParse takes "1.2.3.4" without a port as port 0; we want the port said explicitly.
        var t = text.Trim();
        var portPart = t.StartsWith('[') ? t[(t.IndexOf(']') + 1)..] : t[(t.LastIndexOf(':') + 1)..];
        if (t.StartsWith('[') ? !portPart.StartsWith(':') : t.Count(c => c == ':') != 1) return false;
        endPoint = parsed;
        return true;
    }
}
