using ActorSip.Trunks.Registration;

namespace ActorSip.Trunks.Tests.Registration;

/// <summary>Drives the pure machine the way the binding actor does, in virtual time, recording every effect.</summary>
public sealed class BindingDriver
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(5626);

    public BindingDriver(RegistrationPolicy? policy = null)
    {
        Policy = policy ?? RegistrationPolicy.Default;
        var d = RegistrationMachine.Create("call-1@node-a", "tag-1", Context);
        State = d.State;
        Effects.AddRange(d.Effects);
    }

    public RegistrationPolicy Policy { get; }
    public DateTimeOffset Now { get; set; } = T0;
    public BindingState State { get; private set; }
    public List<RegistrationEffect> Effects { get; } = [];
    public List<BindingEvent> Persisted => Effects.OfType<RegistrationEffect.Persist>().Select(p => p.Event).ToList();

    private RegistrationContext Context => new(Now, _random, Policy);

    public IReadOnlyList<RegistrationEffect> Handle(RegistrationInput input)
    {
        var d = RegistrationMachine.Handle(State, input, Context);
        State = d.State;
        Effects.AddRange(d.Effects);
        return d.Effects;
    }

    public RegistrationEffect.SendRegister LastSend => Effects.OfType<RegistrationEffect.SendRegister>().Last();

    public RegistrationEffect.ScheduleAt LastSchedule => Effects.OfType<RegistrationEffect.ScheduleAt>().Last();

    public IReadOnlyList<RegistrationEffect> Advance(TimeSpan by)
    {
        Now += by;
        return Handle(new RegistrationInput.TimerFired());
    }

    /// <summary>Advances to the scheduled time and fires the timer.</summary>
    public IReadOnlyList<RegistrationEffect> FireTimer()
    {
        Now = State.NextActionAt ?? throw new InvalidOperationException("no timer scheduled");
        return Handle(new RegistrationInput.TimerFired());
    }

    public static RegistrarChallenge Digest(string realm, string nonce, bool stale = false) =>
        new(realm, nonce, stale, false, $"Digest realm=\"{realm}\", nonce=\"{nonce}\"{(stale ? ", stale=true" : "")}");

    public static readonly CredentialHandle Credential = new("credential-1111-realm.example1.com", "1111");
}
