using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace ActorSip.Node.Hosting;

/// <summary>
/// systemd's watchdog (WatchdogSec=): while systemd asks for it (WATCHDOG_USEC, for this process if WATCHDOG_PID is
/// set), sends WATCHDOG=1 every half period, but only while the node is live (its actor system answers), so a wedged
/// node is restarted by systemd. Microsoft.Extensions.Hosting.Systemd sends READY and STOPPING, not this.
/// </summary>
public sealed class SystemdWatchdogService(ISystemdNotifier notifier, NodeHost node, IHostApplicationLifetime lifetime) : BackgroundService
{
    public static TimeSpan? Interval(Func<string, string?> environment)
    {
        if (!long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0) return null;
        if (environment("WATCHDOG_PID") is { Length: > 0 } pid
            && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture)) return null;
        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || Interval(Environment.GetEnvironmentVariable) is not { } interval) return;
        // systemd arms the watchdog after READY=1, which comes once every hosted service has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var timer = new PeriodicTimer(interval);
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (await NodeHealth.IsLiveAsync(node, stoppingToken)) notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
