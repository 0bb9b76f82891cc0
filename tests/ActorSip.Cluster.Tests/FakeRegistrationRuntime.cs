using Akka.Actor;
using ActorSip.Cluster.Bindings;
using ActorSip.Sip;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Tests;

/// <summary>A registrar that grants every REGISTER; each one is reported to <paramref name="sent"/> so a test sees
/// exactly what the binding sent and when.</summary>
internal sealed class FakeRegistrationRuntime(IActorRef sent, string node) : IRegistrationRuntime
{
    public RegistrationPolicy Policy => RegistrationPolicy.Default;

    public TimeProvider Time => TimeProvider.System;

    public string NodeName => node;

    public TimeSpan StartupSpread => TimeSpan.Zero;

    public string ContactFor(EndpointNumber endpoint, PlannedRegistrar registrar) => $"<sip:{endpoint}@{node}.test:5060>";

    public Task<int> ResolveAsync(PlannedRegistrar registrar, CancellationToken ct) => Task.FromResult(1);

    public Task<RegistrationInput> SendRegisterAsync(BindingSpec spec, BindingState state, RegistrationEffect.SendRegister send, CancellationToken ct)
    {
        sent.Tell(send);
        return Task.FromResult<RegistrationInput>(new RegistrationInput.Response(send.CSeq, 200, GrantedExpires: send.Expires));
    }

    public Task<RegistrationInput.CredentialResolved> LookupCredentialAsync(BindingSpec spec, RegistrarChallenge challenge, CancellationToken ct) =>
        Task.FromResult(new RegistrationInput.CredentialResolved(null));
}
