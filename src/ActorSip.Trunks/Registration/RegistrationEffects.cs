namespace ActorSip.Trunks.Registration;

/// <summary>What the actor must do after a decision, in order.</summary>
public abstract record RegistrationEffect
{
    /// <summary>Persist this event before anything else happens (the state already includes it).</summary>
    public sealed record Persist(BindingEvent Event) : RegistrationEffect;

    /// <summary>Send REGISTER with this CSeq and Expires to resolved target <paramref name="TargetIndex"/>;
    /// when <paramref name="Credential"/> is set, answer <paramref name="Challenge"/> with it.</summary>
    public sealed record SendRegister(uint CSeq, int Expires, int TargetIndex, RegistrarChallenge? Challenge, CredentialHandle? Credential)
        : RegistrationEffect;

    /// <summary>Ask the credential directory which credential answers this challenge (the determination order).</summary>
    public sealed record LookupCredential(RegistrarChallenge Challenge) : RegistrationEffect;

    /// <summary>Wake the loop at this time with <see cref="RegistrationInput.TimerFired"/> (replaces any earlier timer).</summary>
    public sealed record ScheduleAt(DateTimeOffset At) : RegistrationEffect;

    /// <summary>The loop is over (after un-registering, or when removed before ever registering).</summary>
    public sealed record Stop : RegistrationEffect;
}

public sealed record RegistrationDecision(BindingState State, IReadOnlyList<RegistrationEffect> Effects);
