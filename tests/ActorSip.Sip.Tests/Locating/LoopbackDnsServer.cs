using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ActorSip.Sip.Tests.Locating;

/// <summary>
/// A real DNS server (ARSoft.Tools.Net) on 127.0.0.1 and a free UDP port, answering from an in-memory zone.
/// Names that have no record of any type answer NXDOMAIN; known names without the asked type answer NODATA.
/// </summary>
internal sealed class LoopbackDnsServer : IDisposable
{
    private readonly DnsServer _server;
    private readonly List<DnsRecordBase> _records = [];
    private readonly object _gate = new();
    private readonly ConcurrentQueue<(string Name, RecordType Type)> _queries = new();
    private readonly HashSet<string> _failing = new(StringComparer.OrdinalIgnoreCase);
    private int _disposed;

    private LoopbackDnsServer(DnsServer server, IPEndPoint endPoint)
    {
        _server = server;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every question received, in arrival order.</summary>
    public IReadOnlyList<(string Name, RecordType Type)> Queries => _queries.ToArray();

    public static LoopbackDnsServer Start()
    {
        // The port is found by binding to 0 and releasing it; another process could take it in between,
        // so a few attempts are made rather than assuming any fixed port is free.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, FreeUdpPort());
            var server = new DnsServer(new UdpServerTransport(endPoint, 2000));
            var wrapper = new LoopbackDnsServer(server, endPoint);
            server.QueryReceived += wrapper.OnQueryReceived;
            try
            {
                server.Start();
                return wrapper;
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("could not start the test DNS server", last);
    }

    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public LoopbackDnsServer Naptr(string name, int ttl, ushort order, ushort preference, string flags, string services, string replacement) =>
        Add(new NaptrRecord(DomainName.Parse(name), ttl, order, preference, flags, services, "", DomainName.Parse(replacement)));

    public LoopbackDnsServer Srv(string name, int ttl, ushort priority, ushort weight, ushort port, string target) =>
        Add(new SrvRecord(DomainName.Parse(name), ttl, priority, weight, port, DomainName.Parse(target)));

    public LoopbackDnsServer A(string name, int ttl, string address) =>
        Add(new ARecord(DomainName.Parse(name), ttl, IPAddress.Parse(address)));

    public LoopbackDnsServer Aaaa(string name, int ttl, string address) =>
        Add(new AaaaRecord(DomainName.Parse(name), ttl, IPAddress.Parse(address)));

    /// <summary>Removes every record of <paramref name="name"/>, so the zone can change under a running client.</summary>
    public LoopbackDnsServer Remove(string name)
    {
        var domain = DomainName.Parse(name);
        lock (_gate)
        {
            _records.RemoveAll(r => r.Name.Equals(domain, false));
        }

        return this;
    }

    /// <summary>Questions about this name get SERVFAIL, as from a broken upstream.</summary>
    public LoopbackDnsServer ServerFailure(string name)
    {
        lock (_gate)
        {
            _failing.Add(name);
        }

        return this;
    }

    public int CountQueries(string name, RecordType type) =>
        Queries.Count(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase) && q.Type == type);

    public void Dispose()
    {
        // Tests stop the server mid-test (a name server going away) and again at the end.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _server.Stop();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // ARSoft's Stop() cancels its own listener loop and then waits on it, which reports the
            // cancellation it caused. The server is stopped either way.
        }
    }

    private LoopbackDnsServer Add(DnsRecordBase record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }

        return this;
    }

    private Task OnQueryReceived(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = ReturnCode.NoError;
        lock (_gate)
        {
            foreach (var question in query.Questions)
            {
                var name = question.Name.ToString(true).TrimEnd('.');
                _queries.Enqueue((name, question.RecordType));
                if (_failing.Contains(name))
                {
                    response.ReturnCode = ReturnCode.ServerFailure;
                    continue;
                }

                var sameName = _records.Where(r => r.Name.Equals(question.Name, false)).ToList();
                if (sameName.Count == 0)
                {
                    response.ReturnCode = ReturnCode.NxDomain;
                    continue;
                }

                response.AnswerRecords.AddRange(sameName.Where(r => r.RecordType == question.RecordType));
            }
        }

        e.Response = response;
        return Task.CompletedTask;
    }
}
