using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorSip.Node.Hosting;

/// <summary>
/// Akka's logger (akka.loggers): each log event goes to Microsoft.Extensions.Logging under its log source (an actor
/// path or a class, as Akka's own console lines showed it), so Akka's lines take the node's --log-format.
/// </summary>
public sealed class AkkaLogBridge : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _logs;
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public AkkaLogBridge()
    {
        _logs = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.Logs
                ?? throw new ConfigurationException($"{nameof(AkkaLogBridge)} needs the {nameof(LoggerFactorySetup)} of {nameof(Setup)}");
    }

    /// <summary>The ActorSystem's setup: <paramref name="config"/> with this bridge as the only logger. In JSON
    /// format Akka's console fallback (before the loggers start, after they stop) writes JSON too.</summary>
    public static ActorSystemSetup Setup(Config config, ILoggerFactory logs, LogFormat format)
    {
        var bridge = ConfigurationFactory.ParseString($$"""
            akka.loggers = ["{{Name(typeof(AkkaLogBridge))}}"]
            {{(format == LogFormat.Json ? $"akka.stdout-logger-class = \"{Name(typeof(AkkaJsonStdoutLogger))}\"" : "")}}
            """);
        return BootstrapSetup.Create().WithConfig(bridge.WithFallback(config)).And(new LoggerFactorySetup(logs));
    }

    private static string Name(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                var source = string.IsNullOrEmpty(e.LogSource) ? e.LogClass?.FullName ?? "akka" : e.LogSource;
                if (!_loggers.TryGetValue(source, out var logger)) _loggers[source] = logger = _logs.CreateLogger(source);
                logger.Log(Level(e.LogLevel()), default, e.Message?.ToString() ?? "", e.Cause, static (s, _) => s);
                return true;
            default:
                return false;
        }
    }

    private static LogLevel Level(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    /// <summary>Hands the host's logger factory to the bridge, which Akka creates by type name.</summary>
    public sealed class LoggerFactorySetup(ILoggerFactory logs) : Setup
    {
        public ILoggerFactory Logs { get; } = logs;
    }
}
