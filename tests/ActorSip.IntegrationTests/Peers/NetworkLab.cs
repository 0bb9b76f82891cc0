using System.Globalization;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// Network namespaces made by the test itself (iproute2: <c>ip netns</c>, bridges, veth pairs), so that a real
/// partition can be cut between real node processes while the root namespace's network is never touched.
/// </summary>
/// <remarks>
/// Layout: a hub namespace holds two bridges. The cluster bridge (10.213.1.0/24) carries Akka remoting between the
/// hosts; the service bridge (10.213.2.0/24) carries SIP and PostgreSQL to the peers, which run in the hub itself
/// at <see cref="ServiceAddress"/>. Each host namespace has one veth on each bridge, so <see cref="IsolateAsync"/>
/// (the hub's end of a host's cluster veth set down) cuts that host off from the other nodes while it still reaches
/// the registrar and the journal: the partition a split-brain resolver is there for. Needs root (CAP_NET_ADMIN).
/// Addresses are private to these namespaces, so they cannot clash with anything on the machine.
/// </remarks>
public sealed class NetworkLab : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];

    private NetworkLab(string prefix) => Prefix = prefix;

    /// <summary>Prefix of every namespace name, unique per lab (so concurrent labs do not collide).</summary>
    public string Prefix { get; }

    public string Hub => Prefix + "hub";

    /// <summary>The hub's address on the service bridge: peers listen here.</summary>
    public string ServiceAddress => "10.213.2.1";

    public IReadOnlyList<LabHost> Hosts { get; private set; } = [];

    public static async Task<NetworkLab> CreateAsync(int hosts, CancellationToken ct)
    {
        var lab = new NetworkLab("asp" + Guid.NewGuid().ToString("N")[..6] + "-");
        try
        {
            await lab.BuildAsync(hosts, ct);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int hosts, CancellationToken ct)
    {
        await AddNamespaceAsync(Hub, ct);
        foreach (var (bridge, net) in new[] { ("brc", 1), ("brs", 2) })
        {
            await IpAsync(ct, "-n", Hub, "link", "add", bridge, "type", "bridge");
            await IpAsync(ct, "-n", Hub, "addr", "add", $"10.213.{net}.1/24", "dev", bridge);
            await IpAsync(ct, "-n", Hub, "link", "set", bridge, "up");
        }
        var list = new List<LabHost>();
        for (var i = 0; i < hosts; i++)
        {
            var name = Prefix + "h" + i.ToString(CultureInfo.InvariantCulture);
            await AddNamespaceAsync(name, ct);
            var host = new LabHost(name, $"10.213.1.{10 + i}", $"10.213.2.{10 + i}", $"c{i}h", $"s{i}h");
            foreach (var (inHost, inHub, bridge, address) in new[] { ($"c{i}", host.ClusterLink, "brc", host.ClusterAddress), ($"s{i}", host.ServiceLink, "brs", host.ServiceAddress) })
            {
                await IpAsync(ct, "-n", Hub, "link", "add", inHub, "type", "veth", "peer", "name", inHost, "netns", name);
                await IpAsync(ct, "-n", Hub, "link", "set", inHub, "master", bridge);
                await IpAsync(ct, "-n", Hub, "link", "set", inHub, "up");
                await IpAsync(ct, "-n", name, "addr", "add", address + "/24", "dev", inHost);
                await IpAsync(ct, "-n", name, "link", "set", inHost, "up");
            }
            list.Add(host);
        }
        Hosts = list;
    }

    private async Task AddNamespaceAsync(string name, CancellationToken ct)
    {
        await IpAsync(ct, "netns", "add", name);
        _namespaces.Add(name);
        await IpAsync(ct, "-n", name, "link", "set", "lo", "up");
    }

    /// <summary>How to start <paramref name="program"/> inside namespace <paramref name="ns"/> (as it is when null).
    /// ip netns exec execs the program, so the process started (its pid, for kill -9 and SIGTERM) is the program.</summary>
    public static (string Program, IReadOnlyList<string> Arguments) InNamespace(string? ns, string program, IEnumerable<string> arguments) =>
        ns is null ? (program, arguments.ToList()) : ("ip", ["netns", "exec", ns, program, .. arguments]);

    /// <summary>Cuts host <paramref name="host"/> off the cluster bridge (the registrar and the journal stay reachable).</summary>
    public Task IsolateAsync(int host, CancellationToken ct) => IpAsync(ct, "-n", Hub, "link", "set", Hosts[host].ClusterLink, "down");

    public Task HealAsync(int host, CancellationToken ct) => IpAsync(ct, "-n", Hub, "link", "set", Hosts[host].ClusterLink, "up");

    private static Task IpAsync(CancellationToken ct, params string[] args) =>
        Command.RunAsync("ip", args, ct, " (network namespaces need root)");

    /// <summary>Deletes the namespaces (their veths and bridges go with them). Kill the processes inside first:
    /// a namespace with a live process survives the deletion of its name.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try { await IpAsync(CancellationToken.None, "netns", "del", ns); }
            catch (InvalidOperationException) { }
        }
        _namespaces.Clear();
    }
}

/// <summary>One host of a <see cref="NetworkLab"/>: its namespace, its addresses, and the hub-side names of its links.</summary>
public sealed record LabHost(string Namespace, string ClusterAddress, string ServiceAddress, string ClusterLink, string ServiceLink);
