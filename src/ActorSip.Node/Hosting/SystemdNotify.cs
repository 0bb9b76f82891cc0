using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace ActorSip.Node.Hosting;

/// <summary>
/// systemd's notify protocol (Type=notify): READY=1 once every hosted service has started, STOPPING=1 on the way
/// out, WATCHDOG=1 from <see cref="SystemdWatchdogService"/>; all through Microsoft.Extensions.Hosting.Systemd.
/// </summary>
public static class SystemdNotify
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    /// <summary>Adds the notifier and systemd's lifetime; false when neither systemd nor a notify socket is there.</summary>
    public static bool Add(IServiceCollection services, Func<string, string?> environment)
    {
        if (SystemdHelpers.IsSystemdService())
        {
            services.AddSystemd();
            return true;
        }
        // IsSystemdService looks at the parent process (systemd itself, or PID 1 in a container); a NOTIFY_SOCKET
        // handed down by something between (a wrapper script, systemd-run --pipe, a test) asks for the same protocol.
        if (string.IsNullOrEmpty(environment(SocketVariable))) return false;
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
        return true;
    }
}
