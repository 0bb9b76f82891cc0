using Akka.Actor;
using Akka.Event;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Bindings;

/// <summary>
/// This node's view of its bindings, fed by <see cref="BindingStatusChanged"/> on the event stream: the summary
/// line the log prints every few seconds (registered / trying / rejected / failed) and the list the management
/// endpoint shows.
/// </summary>
public sealed class BindingSummaryActor : ReceiveActor, IWithTimers
{
    private readonly Dictionary<string, BindingQueries.Status> _bindings = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string _lastLine = "";
    private int _quietTicks;

    public BindingSummaryActor(TimeSpan interval)
    {
        Receive<BindingStatusChanged>(c =>
        {
            // A removed binding passivates next (BindingLeftNode); one unregistered by the operator stays listed.
            _bindings[c.Status.BindingId] = c.Status;
        });
        Receive<BindingLeftNode>(l => _bindings.Remove(l.BindingId));
        Receive<GetAll>(_ => Sender.Tell(_bindings.Values.OrderBy(s => s.BindingId, StringComparer.Ordinal).ToList()));
        Receive<PrintSummary>(_ =>
        {
            var line = Summary(_bindings.Values);
            // Printed when it changes, and at least once a minute so a quiet log still shows the node is alive.
            if (line != _lastLine || ++_quietTicks * interval >= TimeSpan.FromMinutes(1))
            {
                _log.Info("bindings: {0}", line);
                _quietTicks = 0;
            }
            _lastLine = line;
        });
        Timers.StartPeriodicTimer("summary", PrintSummary.Instance, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(BindingStatusChanged));
        Context.System.EventStream.Subscribe(Self, typeof(BindingLeftNode));
    }

    public static Props Props(TimeSpan interval) => Akka.Actor.Props.Create(() => new BindingSummaryActor(interval));

    public static string Summary(IEnumerable<BindingQueries.Status> statuses)
    {
        int registered = 0, trying = 0, rejected = 0, failed = 0, stopped = 0;
        foreach (var s in statuses)
        {
            switch (s.Phase)
            {
                case BindingPhase.Registered: registered++; break;
                case BindingPhase.Rejected: rejected++; break;
                case BindingPhase.Backoff: failed++; break;
                case BindingPhase.Stopped: stopped++; break;
                default: trying++; break;
            }
        }
        return $"{registered} registered, {trying} trying, {rejected} rejected, {failed} failed" + (stopped > 0 ? $", {stopped} unregistered by the operator" : "");
    }

    public sealed class GetAll
    {
        public static readonly GetAll Instance = new();
    }

    private sealed class PrintSummary
    {
        public static readonly PrintSummary Instance = new();
    }
}
