using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorSip.Node.Hosting;

/// <summary>
/// actorsip-node on the .NET Generic Host: one hosted service per start phase of <see cref="NodeHost"/>, started in
/// this order and stopped in the reverse one. Nothing is read from appsettings or the environment beyond what the
/// node's own options say (the empty builder), so --hocon and the command line stay the only settings.
/// </summary>
public static class NodeComposition
{
    public static IHost Build(NodeOptions options, LogFormat format)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "actorsip-node" });
        var notify = SystemdNotify.Add(builder.Services, Environment.GetEnvironmentVariable);
        NodeLogging.Configure(builder.Logging, format);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // As long as systemd's TimeoutStopSec (deploy/systemd): coordinated shutdown hands the shards over first.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new LogSettings(format));
        builder.Services.AddSingleton<NodeHost>();
        builder.Services.AddHostedService<StartupChecksService>();
        builder.Services.AddHostedService<SipTransportService>();
        builder.Services.AddHostedService<ManagementEndpointService>();
        builder.Services.AddHostedService<ActorSystemService>();
        builder.Services.AddHostedService<DemoRegistrarService>();
        builder.Services.AddHostedService<ClusterMemberUpService>();
        if (notify) builder.Services.AddHostedService<SystemdWatchdogService>();
        return builder.Build();
    }
}
