using System.CommandLine;
using ActorSip.Node;
using ActorSip.Node.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// actorsip-node: runs one ActorSip node. Exit codes: 0 after a clean shutdown, 1 when the configuration or the
// data directory is unusable (the reason is printed), 2 for usage errors.
var hocon = new Option<string?>("--hocon") { Description = "HOCON file overriding hocon/actorsip.conf and hocon/akka.conf" };
var data = new Option<string?>("--data") { Description = "data directory: journal, snapshots, key (default ./data)" };
var trunks = new Option<string?>("--trunks") { Description = "trunk configuration, Cisco IOS or HOCON (optional once the journal has one)" };
var sip = new Option<string?>("--sip") { Description = "SIP listen addresses ADDRESS:PORT[,ADDRESS:PORT], one per address family (default 127.0.0.1:5060; port 0 = any free; e.g. 0.0.0.0:5060,[::]:5060)" };
var sipAdvertise = new Option<string?>("--sip-advertise") { Description = "HOST[:PORT][,HOST[:PORT]] put in Contact and Via (default: the listener's address; for a wildcard listener the local address toward each registrar)" };
var sipTls = new Option<string?>("--sip-tls") { Description = "SIP over TLS listener ADDRESS:PORT for inbound TLS (needs actorsip.sip.tls.certificate); registering over TLS needs none" };
var management = new Option<string?>("--management") { Description = "management endpoint ADDRESS:PORT (default 127.0.0.1:9110)" };
var demo = new Option<string?>("--demo-registrar") { Description = "auto (default): a loopback registrar for each registrar that does not resolve; on; off" };
var clusterHost = new Option<string?>("--cluster-host") { Description = "host name or address other nodes reach this node's remoting at (default 127.0.0.1)" };
var clusterPort = new Option<int?>("--cluster-port") { Description = "Akka remoting port of this node (default 0: any free port, a cluster of one)" };
var seedNodes = new Option<string?>("--seed-nodes") { Description = "HOST:PORT[,HOST:PORT] of the seed nodes of the cluster to join" };
var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string: the shared journal of a multi-node cluster (default: $ACTORSIP_POSTGRES, else SQLite in --data)" };
var managementTokenFile = new Option<string?>("--management-token-file") { Description = "file holding the bearer token the management endpoint requires (or $ACTORSIP_MANAGEMENT_TOKEN); needed off loopback" };
var managementCert = new Option<string?>("--management-cert") { Description = "PKCS#12 (.pfx) certificate for HTTPS on the management endpoint; password in $ACTORSIP_MANAGEMENT_CERT_PASSWORD" };
var logFormat = new Option<string?>("--log-format") { Description = "text (default): the node's console lines; json: one JSON object a line (Timestamp, LogLevel, Category, Message), for log shippers" };
var printConfig = new Option<bool>("--print-config") { Description = "print the settings the node would run with (defaults, --hocon file and options merged) as JSON, and exit" };
var managementTokens = new Option<string?>("--management-tokens") { Description = "file of 'NAME TOKEN' lines: each operator's bearer token, named in the audit trail of the changes it makes" };
var root = new RootCommand("actorsip-node: keeps SIP trunks registered with every configured registrar") { hocon, data, trunks, sip, sipAdvertise, sipTls, management, demo, clusterHost, clusterPort, seedNodes, postgres, managementTokenFile, managementTokens, managementCert, logFormat, printConfig };
root.SetAction(async (parse, ct) =>
{
    var cli = new NodeOptionsLoader.CommandLine(parse.GetValue(hocon), parse.GetValue(data), parse.GetValue(trunks),
        parse.GetValue(sip), parse.GetValue(management), parse.GetValue(demo),
        parse.GetValue(clusterPort), parse.GetValue(seedNodes), parse.GetValue(postgres), parse.GetValue(clusterHost),
        parse.GetValue(managementTokenFile), parse.GetValue(managementCert), parse.GetValue(sipAdvertise), parse.GetValue(sipTls), parse.GetValue(managementTokens));
    if (!NodeOptionsLoader.TryLoad(cli, out var options, out var error))
    {
        Console.Error.WriteLine("actorsip-node: " + error);
        return 2;
    }
    if (!LogSettings.TryParse(parse.GetValue(logFormat), out var format))
    {
        Console.Error.WriteLine($"actorsip-node: --log-format: '{parse.GetValue(logFormat)}' must be text or json");
        return 2;
    }
    if (parse.GetValue(printConfig))
    {
        Console.WriteLine(EffectiveSettings.ToJson(options));
        return 0;
    }
    // The Generic Host starts the node's phases as hosted services (NodeComposition) and stops them on SIGTERM/SIGINT.
    var host = NodeComposition.Build(options, format);
    try
    {
        var node = host.Services.GetRequiredService<NodeHost>();
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(NodeHost.LogCategory);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (NodeStartException.ReasonOf(e) is { } failure)
        {
            // Text: on stderr exactly as before (FILE:LINE lines); JSON: one more object on the log.
            if (format == LogFormat.Text) Console.Error.WriteLine(failure);
            else log.Line(failure, LogLevel.Error);
            await host.StopAsync();
            return 1;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            log.Line("actorsip-node: shutting down (stopped while starting)");
            await host.StopAsync();
            return 0;
        }
        log.Line($"actorsip-node running: SIP {string.Join(",", node.SipEndPoints)}{(node.SipTlsEndPoint is { } tlsAt ? $", SIP TLS {tlsAt}" : "")}, management {(options.ManagementCertificate is null ? "http" : "https")}://{node.ManagementEndPoint}, data {options.DataDirectory}");
        // A node also stops when its ActorSystem does: after `cluster leave` or when the split-brain resolver downs it.
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        var finished = await Task.WhenAny(stopping.Task, node.System!.WhenTerminated);
        log.Line(finished == stopping.Task ? "actorsip-node: shutting down" : "actorsip-node: left the cluster (the actor system stopped), shutting down");
        await host.StopAsync();
        return 0;
    }
    finally
    {
        // Disposing the host flushes the console logger's queue.
        if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else host.Dispose();
    }
});
var result = root.Parse(args);
if (result.Errors.Count > 0)
{
    foreach (var e in result.Errors) Console.Error.WriteLine("actorsip-node: " + e.Message);
    return 2;
}
// The Generic Host handles SIGTERM/SIGINT (a graceful leave takes longer than System.CommandLine would wait).
return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
