using Akka.Actor;
using Akka.Persistence;

namespace ActorSip.Cluster.Registrars;

/// <summary>
/// One configured registrar (persistence id <c>registrar-{id}</c>): its target, expiry and transport as events, and
/// its health as the bindings report it (last target used, last answer, successes, failures). Health is live state,
/// rebuilt from reports after a restart: only the configuration is worth a journal write.
/// </summary>
public sealed class RegistrarActor : ReceivePersistentActor
{
    private readonly string _id;
    private Trunks.Planning.PlannedRegistrar? _registrar;
    private RegistrarQueries.Status _health;

    public RegistrarActor(string id)
    {
        _id = id;
        _health = new RegistrarQueries.Status(id, null, null, null, false, null, null, null, null, 0, 0);
        Recover<RegistrarEvents.Configured>(e => _registrar = e.Registrar);
        Recover<RegistrarEvents.Removed>(_ => _registrar = null);

        Command<RegistrarCommands.Configure>(c =>
        {
            if (c.Registrar == _registrar) return;
            Persist(new RegistrarEvents.Configured(c.Registrar), e => _registrar = e.Registrar);
        });
        Command<RegistrarCommands.Remove>(_ =>
        {
            if (_registrar is null) return;
            Persist(new RegistrarEvents.Removed(DateTimeOffset.UtcNow), _ => _registrar = null);
        });
        Command<RegistrarCommands.ReportOutcome>(r =>
        {
            var ok = r.Status is >= 200 and < 300;
            _health = _health with
            {
                LastTarget = r.Target,
                LastStatus = r.Status,
                LastSuccess = ok ? r.At : _health.LastSuccess,
                LastFailure = ok || r.Status is 401 or 407 ? _health.LastFailure : r.At,
                Successes = _health.Successes + (ok ? 1 : 0),
                Failures = _health.Failures + (ok || r.Status is 401 or 407 ? 0 : 1),
            };
        });
        Command<StopEntity>(_ => Context.Stop(Self)); // handed off: after everything stashed before it
        Command<RegistrarQueries.GetStatus>(_ => Sender.Tell(_health with
        {
            Target = _registrar?.Target.ToString(), Expires = _registrar?.Expires,
            Transport = _registrar?.Transport.ToString().ToLowerInvariant(), Configured = _registrar is not null,
        }));
    }

    public override string PersistenceId => "registrar-" + _id;

    public static Props Props(string id) => Akka.Actor.Props.Create(() => new RegistrarActor(id));
}
